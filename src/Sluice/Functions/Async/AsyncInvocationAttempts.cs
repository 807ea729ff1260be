using Sluice.Catalog;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Async;

/// <summary>One delivery attempt of an asynchronous invocation and how it ended.</summary>
public sealed record AsyncInvocationAttempt(string InvocationId, int Attempt, DateTimeOffset Started, string Outcome, string? Error);

/// <summary>
/// The attempts of each asynchronous invocation, written by the dispatcher in the same transaction
/// that updates or removes the queue row, so what it says always matches what the queue did.
/// </summary>
public static class AsyncInvocationAttempts
{
    public const string Success = "success";
    public const string Error = "error";
    public const string Timeout = "timeout";

    /// <summary>Not run: the function's reserved concurrency is 0, so the event went to the on-failure destination (or was dropped).</summary>
    public const string Throttled = "throttled";

    /// <summary>Not run: the event was older than the function's maximum event age when its turn came.</summary>
    public const string AgeExceeded = "age-exceeded";

    /// <summary>Errors are kept up to this many characters; the queue keeps a failed attempt's full error payload.</summary>
    private const int MaxErrorLength = 4096;

    /// <summary>The attempts of one invocation (its request id), oldest first; empty when there were none.</summary>
    public static IReadOnlyList<AsyncInvocationAttempt> For(CatalogConnection connection, string invocationId)
    {
        using var command = connection.Command("""
            SELECT attempt, started_ms, outcome, error FROM function_async_attempts
            WHERE invocation_id = @id ORDER BY attempt
            """);
        command.Bind("@id", invocationId);
        using var reader = command.ExecuteReader();
        var attempts = new List<AsyncInvocationAttempt>();
        while (reader.Read())
            attempts.Add(new AsyncInvocationAttempt(invocationId, reader.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return attempts;
    }

    internal static void Record(CatalogConnection connection, AsyncInvocationAttempt attempt)
    {
        using var command = connection.Statement("""
            INSERT INTO function_async_attempts (invocation_id, attempt, started_ms, outcome, error)
            VALUES (@id, @attempt, @started, @outcome, @error)
            ON CONFLICT (invocation_id, attempt) DO UPDATE SET started_ms = excluded.started_ms, outcome = excluded.outcome, error = excluded.error
            """);
        command.Bind("@id", attempt.InvocationId);
        command.Bind("@attempt", attempt.Attempt);
        command.Bind("@started", attempt.Started.ToUnixTimeMilliseconds());
        command.Bind("@outcome", attempt.Outcome);
        command.Bind("@error", attempt.Error is { } error ? error[..Math.Min(error.Length, MaxErrorLength)] : null);
        command.ExecuteNonQuery();
    }

    /// <summary>The attempt an invocation's result makes: success, timeout, or a function (or platform) error.</summary>
    internal static AsyncInvocationAttempt FromResult(string invocationId, int attempt, DateTimeOffset started, InvocationResult result) =>
        !result.IsError
            ? new(invocationId, attempt, started, Success, null)
            : new(invocationId, attempt, started, result.ErrorType == "Sandbox.Timedout" ? Timeout : Error,
                System.Text.Encoding.UTF8.GetString(result.Payload.Span));

    /// <summary>Forgets attempts started before the cutoff (the history is for looking back, not forever).</summary>
    internal static int Prune(CatalogConnection connection, DateTimeOffset cutoff)
    {
        using var command = connection.Command("DELETE FROM function_async_attempts WHERE started_ms < @cutoff");
        command.Bind("@cutoff", cutoff.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }
}
