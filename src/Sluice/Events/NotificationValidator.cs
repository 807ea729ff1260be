using Sluice.Functions;
using Sluice.Functions.Definitions;
using Sluice.Gateway;

namespace Sluice.Events;

/// <summary>S3's checks on a notification configuration, made before anything is stored.</summary>
public static class NotificationValidator
{
    /// <summary>
    /// Throws InvalidArgument for unknown event names, ARNs that are not of the destination's kind,
    /// overlapping rules and (unless skipped) destinations that do not exist. <paramref name="destinationProblem"/> returns why a
    /// destination cannot receive events, or null when it can.
    /// </summary>
    public static void Validate(NotificationConfiguration configuration, bool skipDestinationValidation,
        Func<NotificationRule, string?> destinationProblem)
    {
        foreach (var rule in configuration.Rules)
            foreach (var name in rule.Events)
                if (S3EventNames.Expand(name) is null)
                    throw new S3Exception(S3Errors.InvalidArgument, "The event is not supported for notifications")
                        .With("ArgumentName", "Event").With("ArgumentValue", name);

        // The ARN's form is checked even when destination validation is skipped: the header only
        // spares the look-up of the destination, as S3 does.
        foreach (var rule in configuration.Rules)
            if (!ArnParses(rule))
                throw new S3Exception(S3Errors.InvalidArgument, "The ARN could not be parsed")
                    .With("ArgumentName", ArnArgument(rule.Kind)).With("ArgumentValue", rule.DestinationArn);

        for (var i = 0; i < configuration.Rules.Count; i++)
            for (var j = i + 1; j < configuration.Rules.Count; j++)
                if (Overlap(configuration.Rules[i], configuration.Rules[j]))
                    throw new S3Exception(S3Errors.InvalidArgument,
                        "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.")
                        .With("ArgumentName", "Event");

        if (skipDestinationValidation) return;
        var problems = configuration.Rules
            .Select(rule => (rule.DestinationArn, Problem: destinationProblem(rule)))
            .Where(entry => entry.Problem is not null)
            .ToList();
        if (problems.Count == 0) return;
        var error = new S3Exception(S3Errors.InvalidArgument, "Unable to validate the following destination configurations");
        for (var i = 0; i < problems.Count; i++)
            error.With($"ArgumentName{i + 1}", problems[i].DestinationArn).With($"ArgumentValue{i + 1}", problems[i].Problem!);
        throw error;
    }

    private static bool ArnParses(NotificationRule rule) => rule.Kind switch
    {
        DestinationKind.Function => LambdaArns.FunctionName(rule.DestinationArn) is not null,
        DestinationKind.Queue => rule.DestinationArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal),
        _ => rule.DestinationArn.StartsWith("arn:aws:sns:", StringComparison.Ordinal),
    };

    private static string ArnArgument(DestinationKind kind) => kind switch
    {
        DestinationKind.Function => "LambdaFunctionArn",
        DestinationKind.Queue => "QueueArn",
        _ => "TopicArn",
    };

    /// <summary>Two rules conflict when they share an event type and some key could match both filters.</summary>
    public static bool Overlap(NotificationRule a, NotificationRule b)
    {
        var aTypes = a.Events.SelectMany(name => S3EventNames.Expand(name) ?? []).ToHashSet();
        var sharesType = b.Events.SelectMany(name => S3EventNames.Expand(name) ?? []).Any(aTypes.Contains)
            || a.Events.Intersect(b.Events).Any();
        if (!sharesType) return false;
        var prefixes = (a.Prefix ?? "", b.Prefix ?? "");
        var suffixes = (a.Suffix ?? "", b.Suffix ?? "");
        return (prefixes.Item1.StartsWith(prefixes.Item2, StringComparison.Ordinal) || prefixes.Item2.StartsWith(prefixes.Item1, StringComparison.Ordinal))
            && (suffixes.Item1.EndsWith(suffixes.Item2, StringComparison.Ordinal) || suffixes.Item2.EndsWith(suffixes.Item1, StringComparison.Ordinal));
    }
}
