using System.Text.RegularExpressions;
using Inpaint.Infra.Tests.Bicep;

namespace Inpaint.Infra.Tests;

/// <summary>What a deployment of main.bicepparam creates (bicep snapshot, loops expanded, names resolved).</summary>
[Collection(BicepCollection.Name)]
public sealed partial class DeploymentSnapshotTests(BicepBuild bicep)
{
    /// <summary>Built-in role ids (the same in every tenant), written out here independently of rbac.bicep.</summary>
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = "AcrPull",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Fact]
    public void Each_identity_gets_only_its_data_roles_each_on_one_resource()
    {
        var assignments = bicep.Snapshot.Resources("Microsoft.Authorization/roleAssignments")
            .Select(a =>
            {
                var id = a.GetProperty("id").GetString()!;
                var principal = Identity().Match(a.GetProperty("properties").GetProperty("principalId").GetString()!).Groups["name"].Value;
                var role = a.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.Split('/')[^1];
                var scope = Scope().Match(id).Groups["type"].Value;
                return $"{principal}: {RoleNames.GetValueOrDefault(role, role)} on {scope}";
            })
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                "id-api: Monitoring Metrics Publisher on Microsoft.Insights/components",
                "id-api: Storage Blob Data Owner on Microsoft.Storage/storageAccounts",
                "id-api: Storage Queue Data Contributor on Microsoft.Storage/storageAccounts",
                "id-api: Storage Table Data Contributor on Microsoft.Storage/storageAccounts",
                "id-worker: AcrPull on Microsoft.ContainerRegistry/registries",
                "id-worker: Monitoring Metrics Publisher on Microsoft.Insights/components",
                "id-worker: Storage Blob Data Contributor on Microsoft.Storage/storageAccounts",
            ],
            assignments);
    }

    [Fact]
    public void Storage_has_the_service_containers_and_tables_and_the_staging_container_the_API_names()
    {
        var snapshot = bicep.Snapshot;
        var containers = snapshot.ChildNames("Microsoft.Storage/storageAccounts/blobServices/containers");
        var staging = snapshot.FunctionAppSettings()["WorkerClient__StagingContainer"];

        Assert.Equal(["uploads", "tasks", "drop", "drop-results", "worker"], containers.Where(c => !c.StartsWith("app-package-", StringComparison.Ordinal)));
        Assert.Single(containers, c => c.StartsWith("app-package-", StringComparison.Ordinal));
        Assert.Contains(staging, containers);
        Assert.Equal(["tasks", "ledger", "apikeys", "idempotency"], snapshot.ChildNames("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }

    [Fact]
    public void Only_the_model_share_account_allows_shared_keys_and_its_key_reaches_only_the_mount()
    {
        var accounts = bicep.Snapshot.Resources("Microsoft.Storage/storageAccounts")
            .ToDictionary(a => a.GetProperty("kind").GetString()!, a => a.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
        var mount = bicep.Snapshot.Single("Microsoft.App/managedEnvironments/storages").GetProperty("properties").GetProperty("azureFile");
        var settings = bicep.Snapshot.FunctionAppSettings().Values.Concat(bicep.Snapshot.ContainerEnvironment("worker").Values);

        Assert.Equal(new Dictionary<string, bool> { ["StorageV2"] = false, ["FileStorage"] = true }, accounts);
        Assert.Contains("listKeys", mount.GetProperty("accountKey").GetString());
        Assert.Equal("ReadOnly", mount.GetProperty("accessMode").GetString());
        Assert.DoesNotContain(settings, v => v.Contains("listKeys", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(bicep.Snapshot.Root.GetProperty("outputs").EnumerateObject(), o => o.Value.ToString().Contains("listKeys", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Drop_events_topic_watches_the_data_account()
    {
        var topic = bicep.Snapshot.Single("Microsoft.EventGrid/systemTopics").GetProperty("properties");
        var data = bicep.Snapshot.Resources("Microsoft.Storage/storageAccounts").Single(a => a.GetProperty("kind").GetString() == "StorageV2");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.GetProperty("topicType").GetString());
        Assert.EndsWith($"/storageAccounts/{data.GetProperty("name").GetString()}", topic.GetProperty("source").GetString());
    }

    [GeneratedRegex(@"userAssignedIdentities/(?<name>id-[a-z]+)-")]
    private static partial Regex Identity();

    [GeneratedRegex(@"providers/(?<type>[A-Za-z.]+/[A-Za-z]+)/[^/']+', 'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex Scope();
}
