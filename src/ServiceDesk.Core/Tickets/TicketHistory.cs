namespace ServiceDesk.Core.Tickets;

/// <summary>What happened to a ticket. Every change is one event, stored with the change it records.</summary>
public enum TicketEventKind
{
    Created,
    StatusChanged,
    PriorityChanged,
    Commented,
    Escalated,
    /// <summary>This ticket was linked to a parent as a duplicate (on the child), or a duplicate was linked to it (on the parent).</summary>
    LinkedDuplicate,
    VisitBooked,
}

/// <summary>Who made a change: the caller whose ticket it is, desk staff or an API client, or the system (a sweep).</summary>
public enum ActorKind
{
    Caller,
    Agent,
    System,
}

public sealed record TicketActor(ActorKind Kind, string Id)
{
    public static TicketActor System(string process) => new(ActorKind.System, process);

    public static TicketActor Agent(string id) => new(ActorKind.Agent, id);

    public static TicketActor Caller(string callerId) => new(ActorKind.Caller, callerId);
}

/// <summary>
/// One entry of a ticket's history: who, when, what, and for a change the value before and after. Details never hold a
/// comment's text or the caller's words (they are in the ticket already, and history is kept for ever).
/// </summary>
public sealed record TicketEvent(TicketEventKind Kind, TicketActor Actor, DateTimeOffset At, string? From = null, string? To = null, string? Detail = null);
