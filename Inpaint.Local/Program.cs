using Inpaint.Local.Commands;
using Inpaint.Local.Hosting;

return await InpaintCommandLine.RunAsync(args, InpaintComposition.Apply);
