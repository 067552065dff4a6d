using Microsoft.Playwright;

namespace Inpaint.Local.Tests.Web;

/// <summary>
/// Debian's Chromium driven by Playwright, never a downloaded browser. Missing Chromium fails the test with the
/// command that installs it (CI's <c>.ci/run</c> runs it), rather than skipping.
/// </summary>
static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath),
            $"Chromium is not installed at {ExecutablePath}; the web page tests need it: apt-get update && apt-get install -y chromium");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
