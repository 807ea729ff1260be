using Sluice.Functions.Async;
using Sluice.Sqs.Api;
using Sluice.Sqs.Destinations;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;
using Sluice.Sqs.Redrive;

namespace Sluice.Sqs;

/// <summary>Registers SQS: its tables, the queue and message stores, the retention sweep, message move tasks and the API.</summary>
public static class SqsServiceCollectionExtensions
{
    public static IServiceCollection AddSqs(this IServiceCollection services)
    {
        services.AddSingleton(SqsSchema.Create());
        services.AddSingleton<SqsQueueStore>();
        services.AddSingleton<SqsMessageStore>();
        services.AddHostedService<RetentionSweeper>();
        services.AddSingleton<MessageMoveTasks>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageMoveTasks>());
        services.AddSingleton<SqsApi>();
        services.AddSingleton<IInvocationRecordTarget, SqsRecordTarget>();
        return services;
    }
}
