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
        var templateKeys = CompiledTemplate.ContainerEnvironment(bicep.Template, "worker").Keys;

        var drift = SettingsDrift.Between(codeKeys, templateKeys, PlatformKeys, NotSetInAzure);

        Assert.True(drift.IsEmpty, drift.Describe("gpuWorker.bicep", codeKeys));
    }

    [Fact]
    public void Worker_accepts_only_Entra_ID_tokens_for_its_own_application()
    {
        var env = CompiledTemplate.ContainerEnvironment(bicep.Template, "worker");

        Assert.DoesNotContain("Auth__ApiKey", env.Keys);
        Assert.Contains("workerAudience", env["Auth__Audience"]);
        Assert.Contains("/v2.0", env["Auth__Authority"]);
    }
}
