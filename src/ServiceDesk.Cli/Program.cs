using ServiceDesk.Cli;

return await CliApp.RunAsync(args);
