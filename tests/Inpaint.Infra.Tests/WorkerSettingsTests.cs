using System.Reflection;
using Inpaint.Infra.Tests.Bicep;
using Inpaint.Infra.Tests.Settings;

namespace Inpaint.Infra.Tests;

/// <summary>
/// No drift for the GPU worker: the environment of its container in infra/bicep/modules/gpuWorker.bicep is
/// exactly the settings the worker's options classes (Inpaint.GpuWorker and Inpaint.Inference) bind, give or
/// take two documented lists.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class WorkerSettingsTests(BicepBuild bicep)
{
    /// <summary>Set for the platform, the runtime or an SDK; no options class binds them.</summary>
    private static readonly Dictionary<string, string> PlatformKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AZURE_CLIENT_ID"] = "Azure.Identity's choice of user-assigned identity",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "telemetry endpoint (not a credential: local auth is off)",
        ["ASPNETCORE_HTTP_PORTS"] = "Kestrel listens on the ingress target port, 8080",
    };

    /// <summary>Read by the worker, deliberately not set in Azure.</summary>
    private static readonly Dictionary<string, string> NotSetInAzure = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage__ConnectionString"] = "local stack only (Azurite); in Azure the blob endpoint and the identity, never a key",
        ["Auth__ApiKey"] = "local stack only; in Azure Entra ID bearer tokens",
        ["Worker__DefaultFillEngine"] = "unset = the first registered engine",
    };

    private static readonly Assembly[] WorkerAssemblies =
    [
        Assembly.Load("Inpaint.GpuWorker"),
        Assembly.Load("Inpaint.Inference"),
    ];

    [Fact]
    public void Container_environment_is_exactly_the_settings_the_worker_reads()
    {
        var codeKeys = OptionsSettings.Keys(OptionsSettings.OptionsTypes(WorkerAssemblies));
        var templateKeys = bicep.Snapshot.ContainerEnvironment("worker").Keys;

        var drift = SettingsDrift.Between(codeKeys, templateKeys, PlatformKeys, NotSetInAzure);

        Assert.True(drift.IsEmpty, drift.Describe("gpuWorker.bicep", codeKeys));
    }

    /// <summary>A task's sample goes to the worker by reference: the worker reads the task's crop, mask and alpha and
    /// writes its sample in the API's <c>tasks</c> container, so both must name the same blob endpoint (the worker's
    /// data role on that account is checked with the other role assignments).</summary>
    [Fact]
    public void Worker_uses_the_APIs_blob_endpoint_so_it_can_read_and_write_task_blobs_by_reference()
    {
        var worker = bicep.Snapshot.ContainerEnvironment("worker");
        var api = bicep.Snapshot.FunctionAppSettings();

        Assert.Matches(@"storageAccounts/st[a-z0-9]+'.*\.primaryEndpoints\.blob\]$", worker["Storage__BlobServiceUri"]);
        Assert.Equal(api["Storage__BlobServiceUri"], worker["Storage__BlobServiceUri"]);
        Assert.Contains("tasks", bicep.Snapshot.ChildNames("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public void Worker_accepts_only_Entra_ID_tokens_for_its_own_application_from_the_API_identity()
    {
        var env = bicep.Snapshot.ContainerEnvironment("worker");
        var workerApp = bicep.Parameters.GetProperty("parameters").GetProperty("workerAppClientId").GetProperty("value").GetString();
        var auth = bicep.Snapshot.Single("Microsoft.App/containerApps/authConfigs").GetProperty("properties");
        var entra = auth.GetProperty("identityProviders").GetProperty("azureActiveDirectory");
        var policy = entra.GetProperty("validation").GetProperty("defaultAuthorizationPolicy");

        Assert.DoesNotContain("Auth__ApiKey", env.Keys);
        Assert.Equal(workerApp, env["Auth__Audience"]);
        Assert.Contains("/v2.0", env["Auth__Authority"]);
        Assert.Equal("Return401", auth.GetProperty("globalValidation").GetProperty("unauthenticatedClientAction").GetString());
        Assert.Contains(workerApp, entra.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(a => a.GetString()));
        Assert.Matches(@"userAssignedIdentities/id-api-[a-z0-9]+', '[0-9-]+'\)\.clientId\]$", Assert.Single(policy.GetProperty("allowedApplications").EnumerateArray()).GetString());
        Assert.Matches(@"userAssignedIdentities/id-api-[a-z0-9]+', '[0-9-]+'\)\.principalId\]$", Assert.Single(policy.GetProperty("allowedPrincipals").GetProperty("identities").EnumerateArray()).GetString());
    }
}
