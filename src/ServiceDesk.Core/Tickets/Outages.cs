namespace ServiceDesk.Core.Tickets;

/// <summary>How alike two problem descriptions are (0: nothing in common; higher is closer). The port behind outage linking.</summary>
public interface ITicketSimilarity
{
    /// <summary>One score per candidate, in order; the scale is the implementation's (see <see cref="OutagePolicy.Threshold"/>).</summary>
    Task<Result<IReadOnlyList<double>>> ScoreAsync(string description, IReadOnlyList<string> candidates, CancellationToken cancellationToken);
}

/// <summary>The measure the desk has always used for one caller's duplicates, for reports across callers: no service needed.</summary>
public sealed class LexicalSimilarity : ITicketSimilarity
{
    public Task<Result<IReadOnlyList<double>>> ScoreAsync(string description, IReadOnlyList<string> candidates, CancellationToken cancellationToken) =>
        Task.FromResult(Result<IReadOnlyList<double>>.Ok([.. candidates.Select(c => DuplicateCheck.Score(description, c))]));
}

/// <summary>When a new report joins an earlier one from another caller as the same incident. Read once at start-up.</summary>
public sealed record OutagePolicy
{
    /// <summary>Reports this close in time can be one incident.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The least score that counts as the same incident: for <see cref="LexicalSimilarity"/> (0..1.35) 0.85, that is most
    /// content words shared and the same category; for Titan embeddings the cosine, 0.9.
    /// </summary>
    public double Threshold { get; init; } = 0.85;

    /// <summary>Earlier reports compared, newest first: enough for the window, bounded for the similarity service.</summary>
    public int MaxCandidates { get; init; } = 50;

    /// <summary>From this many callers the incident affects a team; from <see cref="OrganizationFrom"/>, the organisation.</summary>
    public int TeamFrom { get; init; } = 2;

    public int OrganizationFrom { get; init; } = 5;

    public OutagePolicy Validate() =>
        Window > TimeSpan.Zero && Window <= TimeSpan.FromDays(1) && Threshold > 0 && MaxCandidates is >= 1 and <= 100 && TeamFrom >= 2 && OrganizationFrom > TeamFrom
            ? this
            : throw new InvalidOperationException("outage linking needs a window of up to a day, a positive threshold, 1..100 candidates, and TeamFrom >= 2 < OrganizationFrom");

    /// <summary>
    /// Only reports that could be one incident are compared: at least one says more than its caller is affected, or both
    /// are about a shared service (network, email, access). Two people's loud laptop fans are two tickets.
    /// </summary>
    public static bool CouldBeOneIncident(Ticket report, Ticket earlier) =>
        report.Impact != TicketImpact.Individual || earlier.Impact != TicketImpact.Individual
        || (Shared(report.Category) && Shared(earlier.Category));

    private static bool Shared(TicketCategory category) => category is TicketCategory.Network or TicketCategory.Email or TicketCategory.Access;
}
