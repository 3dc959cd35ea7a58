using Microsoft.Extensions.Logging.Abstractions;
using ServiceDesk.Functions;

namespace ServiceDesk.Lambda.Tests;

public class AwsCompositionTests
{
    [Fact]
    public async Task ContactFlow_DoesNotReadTheTicketApiKey()
    {
        // Globals give every function the secret's ARN, but ContactFlow's role may not read it: a read would fail its cold start.
        var settings = AwsSettings.FromEnvironment(FunctionCatalog.ContactFlow, new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            [EnvironmentContract.CallersTable] = "callers",
            [EnvironmentContract.ConnectInstanceId] = "11111111-2222-3333-4444-555555555555",
            [EnvironmentContract.ServiceDeskQueueId] = "queue",
            [EnvironmentContract.TicketsApiKeySecretArn] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:key",
        }.GetValueOrDefault);

        var services = await AwsComposition.CreateAsync(settings, NullLoggerFactory.Instance, TestContext.Current.CancellationToken);

        Assert.Null(services.Settings.TicketsApiKey);
        Assert.True(FunctionCatalog.TryCreate(FunctionCatalog.ContactFlow, services, out _));
    }
}
