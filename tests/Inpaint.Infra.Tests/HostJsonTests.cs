using System.Text.Json;
using System.Text.RegularExpressions;
using Inpaint.Infra.Tests.Bicep;

namespace Inpaint.Infra.Tests;

/// <summary>host.json (repo root, copied by Inpaint.Functions) agrees with the spec's paths and the template.</summary>
[Collection(BicepCollection.Name)]
public sealed partial class HostJsonTests(BicepBuild bicep)
{
    private static readonly JsonElement Host = ReadHostJson();

    [Fact]
    public void Routes_have_no_prefix_so_the_paths_are_the_specs()
    {
        Assert.Equal("", Host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Durable_hub_name_is_valid_and_the_provider_is_Azure_Storage()
    {
        var durable = Host.GetProperty("extensions").GetProperty("durableTask");

        Assert.Matches(HubName(), durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
    }

    [Fact]
    public void Durable_storage_connection_is_identity_based_in_the_template()
    {
        var provider = Host.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");
        var connection = provider.TryGetProperty("connectionName", out var name) ? name.GetString()! : "AzureWebJobsStorage";
        var settings = bicep.Snapshot.FunctionAppSettings();

        Assert.Contains($"{connection}__accountName", settings.Keys);
        Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
        Assert.Contains($"{connection}__clientId", settings.Keys);
        Assert.DoesNotContain(connection, settings.Keys); // a plain connection string would carry a key
    }

    [Fact]
    public void Activity_concurrency_matches_what_one_worker_replica_takes_before_scaling_out()
    {
        var activities = Host.GetProperty("extensions").GetProperty("durableTask").GetProperty("maxConcurrentActivityFunctions").GetInt32();
        var templateDefault = bicep.Template.GetProperty("parameters").GetProperty("workerScaling")
            .GetProperty("defaultValue").GetProperty("concurrentRequests").GetInt32();
        var deployed = bicep.Parameters.GetProperty("parameters").GetProperty("workerScaling")
            .GetProperty("value").GetProperty("concurrentRequests").GetInt32();

        Assert.Equal(templateDefault, activities);
        Assert.Equal(deployed, activities);
    }

    private static JsonElement ReadHostJson()
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(RepositoryRoot.Combine("host.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.Clone();
    }

    // Task hub names: 3-45 characters, letters and digits, starting with a letter.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
