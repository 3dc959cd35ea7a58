using ServiceDesk.Functions;

namespace ServiceDesk.Lambda.Tests;

public class AwsSettingsTests
{
    private static readonly Dictionary<string, string> Complete = new()
    {
        ["AWS_REGION"] = "eu-west-1",
        [EnvironmentContract.TicketsApiUrl] = "https://abc.execute-api.eu-west-1.amazonaws.com/prod",
        [EnvironmentContract.TicketsApiKeySecretArn] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:key",
        [EnvironmentContract.CallersTable] = "callers",
        [EnvironmentContract.PinAttemptsTable] = "pins",
    };

    [Fact]
    public void FromEnvironment_ReadsWhatTheFunctionNeeds()
    {
        var settings = AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, Complete.GetValueOrDefault);

        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal("https://abc.execute-api.eu-west-1.amazonaws.com/prod/", settings.TicketsApiUrl?.ToString());
        Assert.False(settings.HasAgent);
        Assert.Equal("pins", settings.PinAttemptsTable);
    }

    [Fact]
    public void FromEnvironment_WhenARequiredVariableIsMissing_NamesIt()
    {
        var env = new Dictionary<string, string>(Complete);
        env.Remove(EnvironmentContract.CallersTable);

        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, env.GetValueOrDefault));

        Assert.Contains(EnvironmentContract.CallersTable, error.Message);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("9000")]
    [InlineData("soon")]
    public void FromEnvironment_RefusesAnAgentBudgetConnectCannotWaitFor(string ms)
    {
        var env = new Dictionary<string, string>(Complete) { [EnvironmentContract.AgentTurnBudgetMs] = ms };

        Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, env.GetValueOrDefault));
    }

    [Fact]
    public void FromEnvironment_WithoutEndpointVariables_UsesThePublicEndpoints()
    {
        Assert.Empty(AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, Complete.GetValueOrDefault).Endpoints);
    }

    [Fact]
    public void FromEnvironment_ReadsAwsEndpointVariables_TheServiceOneBeforeTheGlobalOne()
    {
        var env = new Dictionary<string, string>(Complete)
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4000",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:8000",
        };

        var endpoints = AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, env.GetValueOrDefault).Endpoints;

        Assert.Equal("http://127.0.0.1:8000/", endpoints[EnvironmentContract.Services.DynamoDb].ToString());
        Assert.Equal("http://127.0.0.1:4000/", endpoints[EnvironmentContract.Services.SecretsManager].ToString());
        Assert.Equal(EnvironmentContract.Services.All.Order(), endpoints.Keys.Order());
    }

    [Fact]
    public void FromEnvironment_WhenAnEndpointIsNotAUrl_NamesItsVariable()
    {
        var env = new Dictionary<string, string>(Complete) { ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "localhost:4000" };

        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, env.GetValueOrDefault));

        Assert.Contains("AWS_ENDPOINT_URL_SECRETS_MANAGER", error.Message);
    }

    [Fact]
    public void FromEnvironment_UnknownHandler_NamesTheKnownOnes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment("Nope", Complete.GetValueOrDefault));

        Assert.Contains(FunctionCatalog.TicketsApi, error.Message);
    }

    [Fact]
    public void FromEnvironment_ReadsTheSweepAndOutageSettings_WithTheirDefaults()
    {
        var env = new Dictionary<string, string>(Complete)
        {
            [EnvironmentContract.EscalateP1AfterMinutes] = "30",
            [EnvironmentContract.OutageSimilarity] = "titan",
        };

        var settings = AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, env.GetValueOrDefault);
        var plain = AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, Complete.GetValueOrDefault);

        Assert.Equal(TimeSpan.FromMinutes(30), settings.Escalation.After[Core.Tickets.TicketPriority.P1]);
        Assert.Equal(TimeSpan.FromHours(4), settings.Escalation.After[Core.Tickets.TicketPriority.P2]);
        Assert.True(settings.TitanSimilarity);
        Assert.Equal(0.9, settings.Outages.Threshold);
        Assert.False(plain.TitanSimilarity);
    }

    [Theory]
    [InlineData(EnvironmentContract.EscalateP1AfterMinutes, "0")]
    [InlineData(EnvironmentContract.EscalateP2AfterMinutes, "four hours")]
    [InlineData(EnvironmentContract.EscalationMaxLevel, "11")]
    [InlineData(EnvironmentContract.OutageSimilarity, "vectors")]
    [InlineData(EnvironmentContract.OutageSimilarityThreshold, "-1")]
    public void FromEnvironment_WhenASweepOrOutageSettingIsNoValue_NamesIt(string variable, string value)
    {
        var env = new Dictionary<string, string>(Complete) { [variable] = value };

        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, env.GetValueOrDefault));

        Assert.Contains(variable, error.Message);
    }

    private static readonly Dictionary<string, string> Scheduler = new()
    {
        [EnvironmentContract.SchedulerBaseUrl] = "https://scheduler.example.com/api",
        [EnvironmentContract.SchedulerClientId] = "acme",
        [EnvironmentContract.SchedulerTokenSecretArn] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:scheduler",
        [EnvironmentContract.VisitSessionsTable] = "visits",
    };

    private static Func<string, string?> With(IReadOnlyDictionary<string, string> extra, params string[] without)
    {
        var env = new Dictionary<string, string>(Complete);
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        foreach (var key in without)
        {
            env.Remove(key);
        }

        return env.GetValueOrDefault;
    }

    [Fact]
    public void FromEnvironment_WithoutASchedulerUrl_HasNoVisits_InTestMode()
    {
        var settings = AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, With(new Dictionary<string, string> { [EnvironmentContract.SchedulerBaseUrl] = "", [EnvironmentContract.SchedulerClientId] = "acme" }));

        Assert.False(settings.HasVisits);
        Assert.Null(settings.SchedulerClientId);
        Assert.Equal(Core.Visits.VisitFlags.TestMode, settings.VisitFlags);
    }

    [Fact]
    public void FromEnvironment_WithAScheduler_ReadsTheTenantTheSecretAndTheTable()
    {
        var settings = AwsSettings.FromEnvironment(FunctionCatalog.AgentActions, With(Scheduler));

        Assert.True(settings.HasVisits);
        Assert.Equal("https://scheduler.example.com/api/", settings.SchedulerBaseUrl?.ToString());
        Assert.Equal(("acme", "visits"), (settings.SchedulerClientId, settings.VisitSessionsTable));
        Assert.EndsWith(":secret:scheduler", settings.SchedulerTokenSecretArn, StringComparison.Ordinal);
        Assert.Equal(Core.Visits.VisitFlags.TestMode, settings.VisitFlags);
    }

    [Theory]
    [InlineData(EnvironmentContract.SchedulerClientId)]
    [InlineData(EnvironmentContract.SchedulerTokenSecretArn)]
    [InlineData(EnvironmentContract.VisitSessionsTable)]
    public void FromEnvironment_WithASchedulerUrlButNotTheRest_NamesWhatIsMissing(string missing)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, With(Scheduler, missing)));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://scheduler.example.com/api")]
    [InlineData("scheduler.example.com/api")]
    [InlineData("/api")]
    [InlineData("https://scheduler.example.com/api?tenant=acme")]
    public void FromEnvironment_RefusesASchedulerUrlThatIsNotAbsoluteHttps(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, With(new Dictionary<string, string>(Scheduler) { [EnvironmentContract.SchedulerBaseUrl] = url })));

        Assert.Contains(EnvironmentContract.SchedulerBaseUrl, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "0", true, false)]
    [InlineData("0", "1", false, true)]
    [InlineData("1", "1", true, true)]
    public void FromEnvironment_ReadsTheScheduleFlags(string confirm, string cancel, bool confirmed, bool cancelled)
    {
        var env = new Dictionary<string, string>(Scheduler) { [EnvironmentContract.ConfirmScheduleFlag] = confirm, [EnvironmentContract.CancelScheduleFlag] = cancel };

        var flags = AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, With(env)).VisitFlags;

        Assert.Equal((confirmed, cancelled), (flags.ConfirmSchedule, flags.CancelSchedule));
    }

    [Theory]
    [InlineData(EnvironmentContract.ConfirmScheduleFlag, "true")]
    [InlineData(EnvironmentContract.CancelScheduleFlag, "2")]
    [InlineData(EnvironmentContract.ConfirmScheduleFlag, "yes")]
    public void FromEnvironment_RefusesAScheduleFlagOtherThan0Or1(string flag, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.FromEnvironment(FunctionCatalog.LexFulfillment, With(new Dictionary<string, string>(Scheduler) { [flag] = value })));

        Assert.Contains(flag, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_OfAFunctionThatBooksNoVisits_IgnoresTheSchedulerSettings()
    {
        var env = new Dictionary<string, string>(Scheduler)
        {
            [EnvironmentContract.ConfirmScheduleFlag] = "maybe",
            [EnvironmentContract.TicketsTable] = "tickets",
            [EnvironmentContract.IdempotencyTable] = "idempotency",
        };

        Assert.False(AwsSettings.FromEnvironment(FunctionCatalog.TicketsApi, With(env)).HasVisits);
    }
}
