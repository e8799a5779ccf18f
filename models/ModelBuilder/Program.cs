using Modelplane.ModelBuilder;

return BuildCommand.Run(args, Console.Out, Console.Error);
