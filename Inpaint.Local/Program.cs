using Inpaint.Local.Commands;

// The product's composition (domain, engines, API) is added once the domain lands in main.
return await InpaintCommandLine.RunAsync(args, options => options);
