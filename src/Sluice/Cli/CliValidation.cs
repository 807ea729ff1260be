using System.CommandLine;

namespace Sluice.Cli;

/// <summary>Checks on option values that System.CommandLine reports as parse errors (exit code 2) before a command runs.</summary>
public static class CliValidation
{
    public static Option<int> InRange(this Option<int> option, int minimum, int maximum)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum || value > maximum)
                result.AddError($"{option.Name} must be between {minimum} and {maximum}, got {value}.");
        });
        return option;
    }

    public static Option<string> HttpUrl(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                result.AddError($"{option.Name} expects an http:// or https:// URL, got '{value}'.");
        });
        return option;
    }
}
