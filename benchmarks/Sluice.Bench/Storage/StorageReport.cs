using System.Text.Json.Serialization;

namespace Sluice.Bench.Storage;

/// <summary>Everything one storage run measured: what --json writes and what the table shows.</summary>
public sealed record StorageReport(
    DateTimeOffset StartedAt,
    bool Quick,
    RunConditions Conditions,
    StartupFigures Startup,
    IReadOnlyList<WorkloadFigures> Workloads);

/// <summary>The machine and the way requests were made, so that two runs can be told apart.</summary>
public sealed record RunConditions(int Cores, string OperatingSystem, string Runtime, string DataFileSystem, string Client, string PayloadHash, string Floor);

public sealed record StartupFigures(
    int Starts, StartupSide Sluice, StartupSide Floor, double TargetMilliseconds, double TargetIdleResidentMegabytes)
{
    public bool StartMet => Sluice.MedianMilliseconds <= TargetMilliseconds;
    public bool MemoryMet => Sluice.MedianIdleResidentMegabytes <= TargetIdleResidentMegabytes;
}

/// <summary>One server's starts: process creation to health 200 (median, min, max), its own "ready in", idle VmRSS.</summary>
public sealed record StartupSide(
    double MedianMilliseconds, double MinMilliseconds, double MaxMilliseconds, double? MedianReportedReadyMilliseconds,
    double MedianIdleResidentMegabytes, double MinIdleResidentMegabytes, double MaxIdleResidentMegabytes);

public sealed record WorkloadFigures(
    string Name,
    int ObjectBytes,
    int Concurrency,
    int Rounds,
    [property: JsonConverter(typeof(JsonStringEnumConverter<Headline>))] Headline Headline,
    SideFigures Sluice,
    SideFigures Floor,
    double Ratio,
    double LowestRoundRatio,
    double HighestRoundRatio,
    double TargetRatio)
{
    public bool Met => Ratio >= TargetRatio;
}

/// <summary>
/// One server under one workload, over all its measured rounds. CPU percentages are shares of one core
/// over the measured wall time; "others" is every other process on the machine (the noise). The round
/// rates are the headline figure of each measured window.
/// </summary>
public sealed record SideFigures(
    long Operations,
    double Seconds,
    double OperationsPerSecond,
    double MegabytesPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double ClientCpuPercent,
    double ClientCpuMicrosecondsPerOperation,
    double ServerCpuPercent,
    double ServerCpuMicrosecondsPerOperation,
    double OthersCpuPercent,
    IReadOnlyList<double> RoundRates);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StorageReport))]
internal sealed partial class StorageReportJson : JsonSerializerContext;
