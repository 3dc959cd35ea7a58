return await ServiceDesk.Cli.CliApp.RunAsync(args);
