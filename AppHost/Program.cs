using Modelplane.Hosting.Cli;

return await PlatformCommandLine.InvokeAsync(args);
