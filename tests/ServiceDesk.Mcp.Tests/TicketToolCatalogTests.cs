using ServiceDesk.Core.Agents;
using ServiceDesk.Testing;

namespace ServiceDesk.Mcp.Tests;

public sealed class TicketToolCatalogTests
{
    [Fact]
    public void Load_TheEmbeddedSchema_IsTheDeployedOne()
    {
        var embedded = TicketToolCatalog.Load();
        var deployed = TicketToolCatalog.Parse(File.ReadAllText(RepoPaths.Of("deploy", "agent", "ticket-tools.openapi.yaml")));

        Assert.Equal(deployed.Tools.Select(t => (t.Name, t.Description, t.InputSchema.GetRawText())), embedded.Tools.Select(t => (t.Name, t.Description, t.InputSchema.GetRawText())));
    }

    [Fact]
    public void Parse_TheAgentsVisitTools_AreLeftOut()
    {
        var yaml = File.ReadAllText(RepoPaths.Of("deploy", "agent", "ticket-tools.openapi.yaml"));

        var catalog = TicketToolCatalog.Parse(yaml);

        // The deployed agent has them; an MCP client, with no agent session to keep a booking in, does not.
        Assert.All(VisitTools.Names, name => Assert.Contains($"operationId: {name}", yaml, StringComparison.Ordinal));
        Assert.Equal(TicketTools.Names.Order(StringComparer.Ordinal), catalog.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_ASchemaThatDiffersFromTheToolsRun_IsRefused()
    {
        var yaml = File.ReadAllText(RepoPaths.Of("deploy", "agent", "ticket-tools.openapi.yaml"))
            .Replace("operationId: list_recent_tickets", "operationId: list_all_tickets", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => TicketToolCatalog.Parse(yaml));

        Assert.Contains("list_all_tickets", error.Message);
        Assert.Contains(TicketTools.ListRecentTickets, error.Message);
    }
}
