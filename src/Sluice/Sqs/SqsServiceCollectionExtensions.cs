using Sluice.Sqs.Api;
using Sluice.Sqs.Messages;
using Sluice.Sqs.Queues;

namespace Sluice.Sqs;

/// <summary>Registers SQS: its tables, the queue and message stores, the retention sweep and the API.</summary>
public static class SqsServiceCollectionExtensions
{
    public static IServiceCollection AddSqs(this IServiceCollection services)
    {
        services.AddSingleton(SqsSchema.Create());
        services.AddSingleton<SqsQueueStore>();
        services.AddSingleton<SqsMessageStore>();
        services.AddHostedService<RetentionSweeper>();
        services.AddSingleton<SqsApi>();
        return services;
    }
}
