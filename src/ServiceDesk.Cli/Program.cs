using ServiceDesk.Cli;

// One executable: on Lambda it serves the function _HANDLER names; anywhere else it is the servicedesk command.
return Environment.GetEnvironmentVariable(LambdaHost.RuntimeApiVariable) is { Length: > 0 } runtimeApi
    ? await LambdaHost.RunAsync(runtimeApi, CancellationToken.None)
    : await CliApp.RunAsync(args);
