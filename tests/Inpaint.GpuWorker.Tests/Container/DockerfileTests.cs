using Inpaint.Testing;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Inpaint.GpuWorker.Tests.Container;

/// <summary>
/// No Docker engine runs on our machines, so the worker's Dockerfile is never built here. These checks keep
/// what it refers to true: the projects and files it copies exist, the entry point is the worker's
/// assembly, the port is the one the app listens on, and the CUDA image matches the ONNX Runtime GPU
/// package's CUDA major.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = Checkout.Root;
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "Inpaint.GpuWorker", "Dockerfile"));

    [Fact]
    public void Every_copied_path_exists_in_the_repository()
    {
        var sources = CopyLine().Matches(Dockerfile).SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
            Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"Dockerfile copies {source}, which does not exist");
    }

    [Fact]
    public void Restore_and_publish_name_the_worker_project()
    {
        Assert.Contains("dotnet restore Inpaint.GpuWorker/Inpaint.GpuWorker.csproj", Dockerfile);
        Assert.Contains("dotnet publish Inpaint.GpuWorker/Inpaint.GpuWorker.csproj", Dockerfile);
        Assert.True(File.Exists(Path.Combine(Root, "Inpaint.GpuWorker", "Inpaint.GpuWorker.csproj")));
    }

    [Fact]
    public void Every_project_the_worker_references_is_copied()
    {
        var pending = new Queue<string>([Path.Combine(Root, "Inpaint.GpuWorker", "Inpaint.GpuWorker.csproj")]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var project))
        {
            if (!seen.Add(Path.GetFullPath(project))) continue;
            var relative = Path.GetRelativePath(Root, project).Replace('\\', '/');
            Assert.Contains($"COPY {relative} ", Dockerfile);
            Assert.Contains($"COPY {Path.GetDirectoryName(relative)!.Replace('\\', '/')}/ ", Dockerfile);
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
                pending.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
    }

    [Fact]
    public void Entry_point_is_the_workers_assembly()
    {
        var project = XDocument.Load(Path.Combine(Root, "Inpaint.GpuWorker", "Inpaint.GpuWorker.csproj"));
        var assembly = project.Descendants("AssemblyName").SingleOrDefault()?.Value ?? "Inpaint.GpuWorker";
        Assert.Equal(assembly, typeof(Program).Assembly.GetName().Name);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", Dockerfile);
    }

    [Fact]
    public void Port_health_check_and_user_are_set()
    {
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", Dockerfile);
        Assert.Matches(@"(?m)^EXPOSE 8080$", Dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK .*\n?.*http://127\.0\.0\.1:8080/healthz", Dockerfile);
        var user = Regex.Matches(Dockerfile, @"(?m)^USER (\S+)$").Last().Groups[1].Value;
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains("/models", Dockerfile);
    }

    [Fact]
    public void Cuda_image_major_matches_the_onnx_runtime_gpu_package()
    {
        // The CUDA provider library of Microsoft.ML.OnnxRuntime.Gpu.Linux (copied next to the tests) names the
        // CUDA runtime it links against, libcudart.so.<major>; the image must ship that major.
        var provider = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so");
        var linked = Regex.Match(DynamicStrings(provider), @"libcudart\.so\.(\d+)");
        Assert.True(linked.Success, "the CUDA provider library names no libcudart");
        var cuda = Regex.Match(Dockerfile, @"nvidia/cuda:(\d+)\.[\d.]+-cudnn-runtime-ubuntu(\d+\.\d+)");
        Assert.True(cuda.Success, "the runtime stage must be an nvidia/cuda cudnn-runtime image");
        Assert.Equal(linked.Groups[1].Value, cuda.Groups[1].Value);
        // The ASP.NET Core runtime copied in must be built for the same Ubuntu release (24.04 = noble).
        Assert.Equal("24.04", cuda.Groups[2].Value);
        Assert.Contains("dotnet/aspnet:10.0-noble", Dockerfile);
    }

    /// <summary>The start of the library, where the ELF dynamic string table (the NEEDED names) lives; the file is
    /// hundreds of MB, so only its head is read.</summary>
    private static string DynamicStrings(string library)
    {
        using var file = File.OpenRead(library);
        var head = new byte[Math.Min(file.Length, 8 << 20)];
        file.ReadExactly(head);
        return System.Text.Encoding.Latin1.GetString(head);
    }

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?<sources>.+?) \S+$")]
    private static partial Regex CopyLine();
}
