using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Events;

namespace Sluice.Functions.Local;

/// <summary>Sample S3 notification events (`sluice events generate`), made by the same code that makes real ones.</summary>
public static class S3EventGenerator
{
    public static string Generate(S3EventName eventName, string bucket, string key, long size, string region, DateTimeOffset time)
    {
        var created = eventName.IsCreated();
        var change = new ObjectChange(eventName, bucket, key,
            created ? size : null,
            created ? Convert.ToHexStringLower(MD5.HashData(BitConverter.GetBytes(size))) : null,
            time.ToUnixTimeMilliseconds(), time,
            new RequestOrigin(Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), "127.0.0.1", "AIDAEXAMPLEUSERID01"));
        var message = S3EventMessage.Create(change, "sluice-generated", region, "OWNEREXAMPLE01");
        return JsonNode.Parse(message)!.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
