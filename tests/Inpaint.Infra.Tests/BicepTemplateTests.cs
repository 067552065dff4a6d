using System.Text.Json;
using Inpaint.Infra.Tests.Bicep;

namespace Inpaint.Infra.Tests;

/// <summary>infra/bicep builds and lints clean, and the compiled template has the shape ARCHITECTURE §2-§4 asks for.</summary>
[Collection(BicepCollection.Name)]
public sealed class BicepTemplateTests(BicepBuild bicep)
{
    [Fact]
    public void Build_and_lint_report_no_warning_and_no_error()
    {
        Assert.True(bicep.ExitCode == 0, bicep.Output);
        Assert.DoesNotContain(" : Warning ", bicep.Output);
        Assert.DoesNotContain(" : Error ", bicep.Output);
    }

    [Fact]
    public void Data_account_refuses_shared_keys_and_holds_the_service_containers_and_tables()
    {
        var (template, account) = CompiledTemplate.Single(bicep.Template, "Microsoft.Storage/storageAccounts/tableServices");
        var data = CompiledTemplate.Resources(template).Single(r => CompiledTemplate.Type(r) == "Microsoft.Storage/storageAccounts");
        var variables = template.GetProperty("variables");

        Assert.NotEqual(JsonValueKind.Undefined, account.ValueKind);
        Assert.False(data.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(data.GetProperty("properties").GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal(["uploads", "tasks", "drop", "drop-results"], Strings(variables.GetProperty("serviceContainers")));
        Assert.Equal(["tasks", "ledger", "apikeys", "idempotency"], Strings(variables.GetProperty("serviceTables")));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Flex_and_deploys_with_its_identity()
    {
        var (_, site) = CompiledTemplate.Single(bicep.Template, "Microsoft.Web/sites");
        var config = site.GetProperty("properties").GetProperty("functionAppConfig");
        var (_, plan) = CompiledTemplate.Single(bicep.Template, "Microsoft.Web/serverfarms");

        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("UserAssignedIdentity", config.GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void Worker_scales_to_zero_on_a_GPU_profile_with_health_and_readiness_probes_on_8080()
    {
        var (template, app) = CompiledTemplate.Single(bicep.Template, "Microsoft.App/containerApps");
        var properties = app.GetProperty("properties");
        var container = properties.GetProperty("template").GetProperty("containers")[0];
        var probes = container.GetProperty("probes").EnumerateArray()
            .ToDictionary(p => p.GetProperty("type").GetString()!, p => p.GetProperty("httpGet"));
        var (_, environment) = CompiledTemplate.Single(bicep.Template, "Microsoft.App/managedEnvironments");
        var gpuDefault = bicep.Template.GetProperty("parameters").GetProperty("gpu").GetProperty("defaultValue").GetString();

        Assert.Equal(8080, CompiledTemplate.Resolve(template, properties.GetProperty("configuration").GetProperty("ingress").GetProperty("targetPort")).GetInt32());
        Assert.Equal("/healthz", probes["Liveness"].GetProperty("path").GetString());
        Assert.Equal("/readyz", probes["Readiness"].GetProperty("path").GetString());
        Assert.All(probes.Values, p => Assert.Equal(8080, CompiledTemplate.Resolve(template, p.GetProperty("port")).GetInt32()));
        Assert.Equal(0, bicep.Template.GetProperty("parameters").GetProperty("workerScaling").GetProperty("defaultValue").GetProperty("minReplicas").GetInt32());
        Assert.Contains("http", properties.GetProperty("template").GetProperty("scale").GetProperty("rules")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("A100", gpuDefault);
        Assert.Equal(2, environment.GetProperty("properties").GetProperty("workloadProfiles").GetArrayLength());
    }

    [Fact]
    public void Role_assignments_come_from_one_table_of_narrow_roles_with_stable_names()
    {
        var (template, _) = CompiledTemplate.Single(bicep.Template, "Microsoft.ContainerRegistry/registries");
        var rbac = CompiledTemplate.Templates(bicep.Template)
            .Single(t => t.TryGetProperty("variables", out var v) && v.TryGetProperty("roles", out _));
        var roles = rbac.GetProperty("variables").GetProperty("roles").EnumerateObject().Select(p => p.Name).ToArray();
        var assignments = CompiledTemplate.Resources(rbac)
            .Where(r => CompiledTemplate.Type(r) == "Microsoft.Authorization/roleAssignments").ToArray();

        Assert.NotEqual(JsonValueKind.Undefined, template.ValueKind);
        Assert.DoesNotContain(roles, r => r is "Owner" or "Contributor" or "User Access Administrator" or "Storage Account Contributor");
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.StartsWith("[guid(", a.GetProperty("name").GetString()));
    }

    [Fact]
    public void Every_parameter_of_every_module_has_a_description()
    {
        var undescribed = CompiledTemplate.Modules(bicep.Template, "main")
            .SelectMany(m => m.Template.GetProperty("parameters").EnumerateObject()
                .Where(p => !(p.Value.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("description", out _)))
                .Select(p => $"{m.Name}.{p.Name}"))
            .ToArray();

        Assert.Empty(undescribed);
    }

    [Fact]
    public void Outputs_name_the_API_and_the_worker()
    {
        var outputs = bicep.Template.GetProperty("outputs");

        Assert.True(outputs.TryGetProperty("API_BASE_URL", out _));
        Assert.True(outputs.TryGetProperty("WORKER_URL", out _));
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
