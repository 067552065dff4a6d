using Inpaint.Local.Commands;

namespace Inpaint.Local.Tests.Commands;

public sealed class InpaintCommandLineTests
{
    [Fact]
    public async Task Models_arguments_reach_the_models_command_untouched()
    {
        using var output = new StringWriter();
        string dir = Path.Combine(Path.GetTempPath(), "inpaint-tests", "models-" + Guid.NewGuid().ToString("n")[..8]);

        int exit = await InpaintCommandLine.RunAsync(["models", "list", "--dir", dir], output, TextWriter.Null);

        Assert.Equal(0, exit);
        Assert.Contains($"models directory: {dir}", output.ToString());
    }

    [Fact]
    public async Task Help_lists_serve_demo_and_models()
    {
        using var output = new StringWriter();

        int exit = await InpaintCommandLine.RunAsync(["--help"], output, TextWriter.Null);

        Assert.Equal(0, exit);
        foreach (string command in new[] { "serve", "demo", "models" })
        {
            Assert.Contains($"  {command} ", output.ToString());
        }
    }
}
