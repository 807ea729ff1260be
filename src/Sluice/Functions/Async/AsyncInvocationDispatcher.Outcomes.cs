using System.Globalization;
using System.Text;
using Sluice.Functions.Definitions;
using Sluice.Functions.Scheduling;

namespace Sluice.Functions.Async;

// Where a finished invocation's outcome goes: its on-success or on-failure destination (a function, or a target of
// another kind such as a queue) and, when it failed for good, the function's dead-letter target.
public sealed partial class AsyncInvocationDispatcher
{
    /// <summary>The dead-letter message keeps the first kilobyte of the error, as Lambda does.</summary>
    private const int DeadLetterErrorBytes = 1024;

    /// <summary>Completes the invocation and, in the same transaction, records the attempt and hands the record to the destination for its condition.</summary>
    private void Finish(FunctionState state, QueuedInvocation row, InvocationResult? result, int attempts, string condition, AsyncInvocationAttempt attempt)
    {
        var name = state.Definition.Name;
        var current = _registry.Find(name) ?? state;
        var config = current.EventInvokeConfig ?? state.EventInvokeConfig;
        var destination = condition == DestinationRecord.Success ? config?.OnSuccess : config?.OnFailure;
        if (condition != DestinationRecord.Success)
            Log.InvocationFailed(_logger, name, row.RequestId, condition, attempt.Outcome, attempts);
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        List<TargetSend>? sends = null;
        (string, byte[], long)? toFunction = null;
        if (destination is not null)
        {
            var record = DestinationRecord.Create(now, row.RequestId, FunctionArn(name), condition, attempts, PayloadOf(row), result);
            if (LambdaArns.FunctionName(destination) is { } function)
                toFunction = (function, record, nowMs);
            else if (TargetFor(destination) is { } target)
                (sends ??= []).Add(new TargetSend(target, destination, record, [], nowMs));
        }
        if (condition != DestinationRecord.Success && current.Definition.DeadLetterTargetArn is { } deadLetter && TargetFor(deadLetter) is { } deadLetterTarget)
            (sends ??= []).Add(new TargetSend(deadLetterTarget, deadLetter, PayloadOf(row), DeadLetterAttributes(row.RequestId, attempt, result), nowMs));
        _completions.Add(new AsyncCompletion(row.Lease, name, attempt) { Destination = toFunction, Sends = sends ?? [] });
    }

    private IInvocationRecordTarget? TargetFor(string arn) => Array.Find(_targets, target => target.Handles(arn));

    /// <summary>
    /// What Lambda adds to the event it puts on a dead-letter queue: the request id, the status code of the last attempt
    /// (200 for a function error or timeout, as Invoke answers those; 429 when it never ran: throttled to zero or too old) and the error.
    /// </summary>
    private static List<RecordAttribute> DeadLetterAttributes(string requestId, AsyncInvocationAttempt attempt, InvocationResult? result)
    {
        var code = result is null ? 429 : 200;
        var error = attempt.Error ?? "";
        var bytes = Encoding.UTF8.GetBytes(error);
        var message = bytes.Length <= DeadLetterErrorBytes ? error : Encoding.UTF8.GetString(bytes, 0, DeadLetterErrorBytes).TrimEnd('\uFFFD');
        return
        [
            new RecordAttribute("RequestID", "String", requestId),
            new RecordAttribute("ErrorCode", "Number", code.ToString(CultureInfo.InvariantCulture)),
            new RecordAttribute("ErrorMessage", "String", message.Length == 0 ? attempt.Outcome : message),
        ];
    }
}
