using Inpaint.Local.Commands;
using Inpaint.Testing;

namespace Inpaint.Local.Tests.Commands;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task A_missing_image_fails_with_one_readable_line_and_a_non_zero_exit()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string data = AzuriteFixture.NewDataDirectory();

        int exit = await InpaintCommandLine.RunAsync(["demo", "--image", "/nonexistent/photo.png", "--data", data], output, error);

        Assert.Equal(1, exit);
        string message = error.ToString().TrimEnd();
        Assert.DoesNotContain('\n', message);
        Assert.Equal("inpaint demo failed: /nonexistent/photo.png does not exist.", message);
        Assert.False(Directory.Exists(data)); // failed before starting anything
    }

    [Fact]
    public async Task A_malformed_setting_is_refused_before_anything_starts()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await InpaintCommandLine.RunAsync(["serve", "--set", "NoEqualsSign"], output, error);

        Assert.Equal(1, exit);
        Assert.Equal("inpaint serve failed: --set expects Key=Value, got 'NoEqualsSign'.", error.ToString().TrimEnd());
    }
}
