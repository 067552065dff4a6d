using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// One local stack (its own embedded Azurite, the real API, orchestration and fill engine) with the product's
/// default limits (50 MiB uploads), for the API fuzzer and the regression cases found from outside. Users:
/// <see cref="FuzzUser"/> (credits, uploads and one completed task to aim at), <see cref="PoorUser"/> (no
/// credits) and <see cref="OtherUser"/> (someone else's task).
/// </summary>
public sealed class ApiStackFixture : IAsyncLifetime
{
    public const string FuzzUser = "fuzz";
    public const string PoorUser = "poor";
    public const string OtherUser = "other";
    public const long FuzzCredits = 100_000;

    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();
    readonly System.Collections.Concurrent.ConcurrentQueue<string> serverErrors = new();
    LocalStack? stack;

    public LocalStack Stack => this.stack ?? throw new InvalidOperationException("The stack has not started.");

    public HttpClient Http { get; private set; } = null!;

    /// <summary>What the server logged at Error or above from the API's own code (an unforeseen exception behind a 500).</summary>
    public IReadOnlyCollection<string> ServerErrors => this.serverErrors;

    public string FuzzKey { get; private set; } = "";

    public string PoorKey { get; private set; } = "";

    public string OtherKey { get; private set; } = "";

    /// <summary>A 64×48 photo and a same-size mask uploaded by <see cref="FuzzUser"/>.</summary>
    public string Photo { get; private set; } = "";

    public string Mask { get; private set; } = "";

    /// <summary>A completed task of <see cref="FuzzUser"/>'s, and one of <see cref="OtherUser"/>'s.</summary>
    public string FuzzTask { get; private set; } = "";

    public string OtherTask { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var options = new LocalStackOptions { DataDirectory = this.dataDirectory, MinimumLogLevel = LogLevel.Warning };
        options.Settings["DurableTask:HubName"] = "fuzz" + Guid.NewGuid().ToString("n")[..8];
        options.ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(new ErrorCapture(this.serverErrors)));
        this.stack = await LocalStack.StartAsync(options);
        this.Http = new HttpClient { BaseAddress = this.stack.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

        var keys = this.stack.Services.GetRequiredService<ApiKeyStore>();
        var ledger = this.stack.Services.GetRequiredService<CreditLedger>();
        this.FuzzKey = await keys.CreateAsync(FuzzUser, "fuzz tests");
        await ledger.GrantAsync(FuzzUser, FuzzCredits, "fuzz-grant");
        this.PoorKey = await keys.CreateAsync(PoorUser, "fuzz tests");
        this.OtherKey = await keys.CreateAsync(OtherUser, "fuzz tests");
        await ledger.GrantAsync(OtherUser, 100, "other-grant");

        using var photo = TestImages.Photo(64, 48);
        using var mask = TestImages.RectangleMask(64, 48, new Rectangle(16, 12, 24, 16));
        this.Photo = await this.UploadAsync(TestImages.Png(photo), this.FuzzKey);
        this.Mask = await this.UploadAsync(TestImages.Png(mask), this.FuzzKey);
        this.FuzzTask = await this.CompletedTaskAsync(this.FuzzKey, this.Photo, this.Mask);
        var otherPhoto = await this.UploadAsync(TestImages.Png(photo), this.OtherKey);
        var otherMask = await this.UploadAsync(TestImages.Png(mask), this.OtherKey);
        this.OtherTask = await this.CompletedTaskAsync(this.OtherKey, otherPhoto, otherMask);
    }

    /// <summary>A valid create body for <see cref="FuzzUser"/> (photo, mask, 512).</summary>
    public JsonObject ValidCreate() => new()
    {
        ["tool"] = "flux_inpainting",
        ["args"] = new JsonObject { ["image"] = this.Photo, ["mask_image"] = this.Mask, ["resolution"] = 512 },
    };

    public async Task<string> UploadAsync(byte[] bytes, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/uploads") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("X-Api-Key", key);
        using var response = await this.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["reference"]!.GetValue<string>();
    }

    async Task<string> CompletedTaskAsync(string key, string photo, string mask)
    {
        var client = new Client.InpaintApiClient(this.Http, key);
        var created = await client.CreateTaskAsync("flux_inpainting", new JsonObject { ["image"] = photo, ["mask_image"] = mask, ["resolution"] = 512 }, default);
        var id = created["_id"]!.GetValue<string>();
        var task = await client.WaitForTaskAsync(id, null, TimeSpan.FromSeconds(120), default);
        Assert.Equal("completed", task["status"]!.GetValue<string>());
        return id;
    }

    public async Task DisposeAsync()
    {
        this.Http?.Dispose();
        if (this.stack is not null) await this.stack.DisposeAsync();
        AzuriteFixture.DeleteDirectory(this.dataDirectory);
    }

    /// <summary>Keeps the API's error log lines (categories <c>Inpaint.*</c>) for the fuzzer's audit.</summary>
    sealed class ErrorCapture(System.Collections.Concurrent.ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);

        public void Dispose()
        {
        }

        sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && category.StartsWith("Inpaint.", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (this.IsEnabled(logLevel)) errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
