namespace ServiceDesk.Lint;

/// <summary>One problem found in our flows, bot or template: the file, the place in it, and what is wrong.</summary>
public sealed record LintFinding(string File, string Location, string Message)
{
    public override string ToString() => $"{File}: {Location}: {Message}";
}
