using System.Reflection;
using Inpaint.Infra.Tests.Bicep;
using Inpaint.Infra.Tests.Settings;

namespace Inpaint.Infra.Tests;

/// <summary>
/// No drift: the Function App settings in infra/bicep/modules/functions.bicep are exactly the settings the
/// API's options classes (Inpaint.Shared and Inpaint.Functions) bind, give or take two documented lists.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class FunctionAppSettingsTests(BicepBuild bicep)
{
    /// <summary>Set by the template for the Functions host, the platform or an SDK; no options class binds them.</summary>
    private static readonly Dictionary<string, string> PlatformKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage__accountName"] = "Functions host storage and the Durable Task hub (host.json connectionName), identity-based",
        ["AzureWebJobsStorage__credential"] = "= managedidentity: no connection string",
        ["AzureWebJobsStorage__clientId"] = "which user-assigned identity the host uses",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "telemetry endpoint (not a credential: local auth is off)",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "telemetry ingestion with the identity's Entra ID token",
        ["AZURE_CLIENT_ID"] = "Azure.Identity's choice of user-assigned identity",
        // FUNCTIONS_EXTENSION_VERSION and FUNCTIONS_WORKER_RUNTIME are platform keys too, but Flex Consumption
        // refuses them as app settings (functionAppConfig.runtime says .NET isolated 10.0), so none is set.
    };

    /// <summary>Read by the code, deliberately not set in Azure.</summary>
    private static readonly Dictionary<string, string> NotSetInAzure = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage__ConnectionString"] = "local stack only (Azurite); in Azure the service URIs and the identity, never a key",
        ["WorkerClient__ApiKey"] = "local stack only; in Azure the API presents Entra ID tokens",
        ["WorkerClient__FillModel"] = "unset = the worker's default engine; set it to pin one",
        ["Drop__Owners"] = "blob-drop batch owners are operational data, set by the operator per deployment (docs/deploy.md); unset = every drop is refused with a result.json",
        ["Retry__FirstRetryInterval"] = "the default (2 s, doubling) suits Azure's transient faults; the tests shorten it",
        ["WorkerClient__ChoiceCacheDuration"] = "the default (30 s) bounds how stale the worker's model list may be at task creation, in Azure too",
        ["WorkerClient__ChoiceTimeout"] = "the default (5 s) bounds how long creation waits for the worker's model list, in Azure too",
        ["Events__HeartbeatInterval"] = "the default keeps the event stream alive through Azure's front ends too",
        ["Events__PollInterval"] = "the default pace of the event stream's task reads suits Azure too",
        ["Reconcile__Grace"] = "the default (10 min) suits Azure too; the timer function reconciles what is older",
        ["Reconcile__Interval"] = "local stack only; in Azure the timer function's schedule (every 5 minutes) sets the pace",
        ["Api__PublicBaseUrl"] = "unset = https:// and the platform's own host name (WEBSITE_HOSTNAME); the operator sets it for a custom domain (docs/deploy.md)",
        ["Api__TrustedProxies"] = "no reverse proxy in front of the Function App by default; set with one (Front Door, API Management)",
        ["Webhooks__Secret"] = "a secret: never in the template; the operator sets it (Key Vault reference) per docs/deploy.md; unset = webhook_url is refused at creation",
    };

    private static readonly Assembly[] ApiAssemblies =
    [
        Assembly.Load("Inpaint.Shared"),
        Assembly.Load("Inpaint.Functions"),
    ];

    [Fact]
    public void Template_writes_exactly_the_settings_the_code_reads()
    {
        var codeKeys = OptionsSettings.Keys(OptionsSettings.OptionsTypes(ApiAssemblies));
        var templateKeys = bicep.Snapshot.FunctionAppSettings().Keys;

        var drift = SettingsDrift.Between(codeKeys, templateKeys, PlatformKeys, NotSetInAzure);

        Assert.True(drift.IsEmpty, drift.Describe("functions.bicep", codeKeys));
    }

    [Fact]
    public void Host_storage_is_identity_based_and_no_setting_carries_a_key()
    {
        var settings = bicep.Snapshot.FunctionAppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.All(settings, s =>
        {
            Assert.DoesNotContain("listKeys", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccountKey=", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", s.Value, StringComparison.OrdinalIgnoreCase);
        });
    }
}
