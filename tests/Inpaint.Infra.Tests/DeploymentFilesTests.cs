using System.Text.RegularExpressions;

namespace Inpaint.Infra.Tests;

/// <summary>azure.yaml and the files it names agree with the repository: `azd up` finds what it needs.</summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string AzureYaml = File.ReadAllText(RepositoryRoot.Combine("azure.yaml"));

    [Theory]
    [InlineData("api", "Inpaint.Functions", "function")]
    [InlineData("worker", "Inpaint.GpuWorker", "containerapp")]
    public void Each_service_names_its_project_and_host(string service, string project, string host)
    {
        var block = ServiceBlock(service);

        Assert.Contains($"project: ./{project}", block);
        Assert.Contains($"host: {host}", block);
        Assert.True(File.Exists(RepositoryRoot.Combine(project, $"{project}.csproj")), $"{project}/{project}.csproj is missing.");
    }

    [Fact]
    public void Worker_image_builds_from_the_projects_Dockerfile_with_the_repo_root_as_context()
    {
        var block = ServiceBlock("worker");

        Assert.Contains("path: ./Dockerfile", block);
        Assert.Contains("context: ..", block);
    }

    [Fact]
    public void Infra_and_hook_paths_exist()
    {
        Assert.Contains("path: infra/bicep", AzureYaml);
        Assert.True(File.Exists(RepositoryRoot.Combine("infra", "bicep", "main.bicep")));
        Assert.True(File.Exists(RepositoryRoot.Combine("infra", "bicep", "main.bicepparam")));
        var hooks = HookScript().Matches(AzureYaml).Select(m => m.Groups["path"].Value).ToArray();
        Assert.Equal(["infra/scripts/worker-app.sh", "infra/scripts/drop-events.sh"], hooks);
        Assert.All(hooks, h => Assert.True(File.Exists(RepositoryRoot.Combine(h.Split('/'))), $"{h} is missing."));
    }

    [Fact]
    public void Function_app_output_carries_the_repo_root_host_json()
    {
        // Inpaint.Functions links ../host.json into its output; as a project reference it lands here too.
        var copied = Path.Combine(AppContext.BaseDirectory, "host.json");

        Assert.True(File.Exists(copied), "host.json is not copied with Inpaint.Functions.");
        Assert.Equal(File.ReadAllText(RepositoryRoot.Combine("host.json")), File.ReadAllText(copied));
    }

    private static string ServiceBlock(string service)
    {
        var match = Regex.Match(AzureYaml, $@"^  {service}:\n((?:    .*\n|\s*\n)+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"azure.yaml has no service '{service}'.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"run: (?<path>infra/scripts/[\w.-]+\.sh)")]
    private static partial Regex HookScript();
}
