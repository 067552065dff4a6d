using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Local.Workspace;
using Inpaint.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Inpaint.Local.Tests.Web;

/// <summary>
/// The page at <c>/</c> in a real browser against the local stack: upload the sample photo, preview the mask, create,
/// see the result; and the messages it shows for the API's errors. Screenshots go to <c>TestResults/web/</c>.
/// Every check of the page's state is a Playwright expectation that waits for it (the page updates
/// asynchronously: a one-shot read once found "Previewing…" while a second preview was in flight).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebPageTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    static readonly string Screenshots = Path.Combine(RepositoryRoot.Find() ?? Path.GetTempPath(), "TestResults", "web");

    const string PaintedOverlayPixels = """
        () => {
          const c = document.getElementById('overlay');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
          return n;
        }
        """;

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task Upload_preview_create_and_see_the_result_in_chromium()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        string key = await TestStacks.NewUserKeyAsync(stack);
        var page = await this.OpenAsync(browser, stack);

        // The key is typed once (Enter submits) and kept in localStorage across reloads.
        await page.FillAsync("#api-key", key);
        await page.PressAsync("#api-key", "Enter");
        await page.ReloadAsync();
        await Expect(page.Locator("#api-key")).ToHaveValueAsync(key);

        await page.SetInputFilesAsync("#photo-file", DemoOptions.SamplePath("astronaut.png"));
        await Expect(page.Locator("#photo-state")).ToContainTextAsync("Uploaded astronaut.png");
        await page.CheckAsync("input[name=region][value=mask]");
        await page.SetInputFilesAsync("#mask-file", DemoOptions.SamplePath("astronaut-mask.png"));
        await page.SelectOptionAsync("#resolution", "512");
        await page.ClickAsync("#preview");
        await Expect(page.Locator("#stage")).ToHaveAttributeAsync("data-preview", "shown");
        await Expect(page.Locator("#preview-state")).ToContainTextAsync("0 credits");
        await page.WaitForFunctionAsync($"() => ({PaintedOverlayPixels})() > 1000");
        int painted = await page.EvaluateAsync<int>(PaintedOverlayPixels);

        // The preview follows the blur slider: a wider feather paints more of the photo.
        await page.FillAsync("#mask-blur", "80");
        await page.WaitForFunctionAsync($"() => ({PaintedOverlayPixels})() > {painted}", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await this.ScreenshotAsync(page, "preview.png");

        await page.FillAsync("#inpainting-prompt", "an empty grey studio backdrop");
        await page.FillAsync("#seed", "5");
        await page.ClickAsync("#create");
        await page.WaitForFunctionAsync(
            "() => { const i = document.querySelector('#gallery img.result'); return i && i.complete && i.naturalWidth > 0; }",
            null,
            new PageWaitForFunctionOptions { Timeout = 180_000 });
        await Expect(page.Locator("#task-state")).ToContainTextAsync("completed");
        Assert.Equal(512, await page.EvaluateAsync<int>("() => document.querySelector('#gallery img.result').naturalWidth"));
        await Expect(page.Locator("#gallery a[download]").First).ToHaveAttributeAsync("download", new System.Text.RegularExpressions.Regex("output-0\\.png"));
        await Expect(page.Locator("#message")).ToBeHiddenAsync();

        // The before/after slider is a keyboard-operable range input.
        await page.FocusAsync("#gallery input[type=range]");
        await page.Keyboard.PressAsync("End");
        await Expect(page.Locator("#gallery img.result").First).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("100%"));
        await page.Keyboard.PressAsync("Home");

        await Expect(page.Locator("#recent tbody")).ToContainTextAsync("completed");
        await this.ScreenshotAsync(page, "result.png");
    }

    [Fact]
    public async Task A_drawn_mask_previews_and_API_errors_are_explained()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        var page = await this.OpenAsync(browser, stack);

        // 401: a wrong key.
        await page.FillAsync("#api-key", "ik_not-a-key");
        await page.ClickAsync("#key-form button");
        await page.SetInputFilesAsync("#photo-file", DemoOptions.SamplePath("astronaut.png"));
        await Expect(page.Locator("#message")).ToContainTextAsync("API key was refused (401)");

        // A user without credits: the photo uploads, a drawn mask previews, creating is refused with 402.
        string poor = await TestStacks.NewUserKeyAsync(stack, credits: 0);
        // Saving a good key uploads the photo that was chosen while the key was wrong.
        await page.FillAsync("#api-key", poor);
        await page.ClickAsync("#key-form button");
        await Expect(page.Locator("#photo-state")).ToContainTextAsync("Uploaded astronaut.png");
        await page.WaitForFunctionAsync("() => document.getElementById('photo').naturalWidth > 0 && document.getElementById('brush').width > 0");
        await page.CheckAsync("input[name=region][value=draw]");
        var box = (await page.Locator("#brush").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.3f), box.Y + (box.Height * 0.4f));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.6f), box.Y + (box.Height * 0.5f), new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator("#stage")).ToHaveAttributeAsync("data-preview", "shown");
        await page.WaitForFunctionAsync($"() => ({PaintedOverlayPixels})() > 500");
        await this.ScreenshotAsync(page, "drawn-mask.png");

        await page.ClickAsync("#create");
        await Expect(page.Locator("#message")).ToContainTextAsync("Not enough credits (402)");
        await Expect(page.Locator("#message")).ToContainTextAsync("Balance 0, this costs 2.");

        // 400 with field errors: the field is named, and its input marked invalid.
        await page.FillAsync("#seed", "-1");
        await page.ClickAsync("#create");
        await Expect(page.Locator("#message")).ToContainTextAsync("Please fix the request (400)");
        await Expect(page.Locator("#message")).ToContainTextAsync("seed:");
        await Expect(page.Locator("#seed")).ToHaveAttributeAsync("aria-invalid", "true");
        await this.ScreenshotAsync(page, "error-400.png");
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    async Task<IPage> OpenAsync(IBrowser browser, LocalStack stack)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1600 } });
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        page.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000); // a loaded machine answers a preview in seconds, not Playwright's default 5

        // No external network: every request the page makes goes to the stack or its storage on loopback.
        page.Request += (_, request) => Assert.True(
            new Uri(request.Url) is { IsLoopback: true } || request.Url.StartsWith("data:", StringComparison.Ordinal) || request.Url.StartsWith("blob:", StringComparison.Ordinal),
            $"the page requested {request.Url}");
        var response = await page.GotoAsync(stack.BaseAddress.ToString());
        Assert.Equal(200, response!.Status);
        await Expect(page).ToHaveTitleAsync("Inpaint — replace part of an image");
        return page;
    }

    async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        string path = Path.Combine(Screenshots, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
