using ServiceDesk.Lambda;

// Lambda starts this file as `bootstrap` with the Runtime API's address in the environment; anywhere else there is nothing to serve.
if (Environment.GetEnvironmentVariable(LambdaHost.RuntimeApiVariable) is not { Length: > 0 } runtimeApi)
{
    Console.Error.WriteLine($"bootstrap is the Lambda host: it needs {LambdaHost.RuntimeApiVariable} (Lambda sets it). For local work run `servicedesk`.");
    return 2;
}

return await LambdaHost.RunAsync(runtimeApi, CancellationToken.None);
