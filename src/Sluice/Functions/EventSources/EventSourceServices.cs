using Sluice.Functions.Definitions;
using Sluice.Functions.Environments;
using Sluice.Functions.Scheduling;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Functions.EventSources;

/// <summary>What every poller works with: the mappings, the functions and their scheduler, the queues and their messages.</summary>
public sealed record EventSourceServices(
    EventSourceMappingStore Mappings,
    FunctionRegistry Registry,
    FunctionScheduler Scheduler,
    CapacitySignal Capacity,
    EnvironmentFactory Environments,
    SqsQueueStore Queues,
    SqsMessageStore Messages,
    TimeProvider Time);
