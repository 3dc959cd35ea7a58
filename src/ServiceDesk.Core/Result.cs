namespace ServiceDesk.Core;

/// <summary>Why a port could not do what was asked. Each edge maps these once (Lex message, HTTP status, Connect attribute).</summary>
public enum FailureKind
{
    /// <summary>The thing does not exist, or belongs to someone else (the two are indistinguishable on purpose).</summary>
    NotFound,
    /// <summary>The request conflicts with the current state (for example an invalid status transition).</summary>
    Conflict,
    /// <summary>The request itself is malformed; <see cref="Failure.Reason"/> says which field and why.</summary>
    Invalid,
    /// <summary>The dependency kept throttling until the deadline.</summary>
    Throttled,
    /// <summary>The dependency failed or did not answer in time.</summary>
    Unavailable,
    /// <summary>A short-lived handle the dependency issued (a scheduler's request id) is no longer valid: start again.</summary>
    Expired,
    /// <summary>The dependency refused our credentials (a scheduler's bearer token): nothing the caller can fix.</summary>
    Refused,
}

/// <summary>A domain failure. <see cref="Reason"/> is safe to show an API client; it never carries exception text.</summary>
public sealed record Failure(FailureKind Kind, string Reason, string? Field = null)
{
    public static Failure NotFound(string reason = "not found") => new(FailureKind.NotFound, reason);
    public static Failure Conflict(string reason) => new(FailureKind.Conflict, reason);
    public static Failure Invalid(string field, string reason) => new(FailureKind.Invalid, reason, field);
    public static Failure Throttled() => new(FailureKind.Throttled, "the ticket backend is busy");
    public static Failure Unavailable() => new(FailureKind.Unavailable, "the ticket backend is unavailable");
}

/// <summary>The outcome of a port call: a value or a <see cref="Core.Failure"/>.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }
    public Failure? Failure { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Failure))]
    public bool IsOk => Failure is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(Failure failure) => new(default, failure);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(Failure failure) => Fail(failure);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsOk ? Result<TOut>.Ok(map(Value)) : Result<TOut>.Fail(Failure);
}
