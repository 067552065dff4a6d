using Inpaint.Local.Commands;

return await InpaintCommandLine.RunAsync(args);
