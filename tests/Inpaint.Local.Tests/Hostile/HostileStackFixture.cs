using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>
/// One local stack (its own embedded Azurite, the real API, orchestration and fill engine) for the hostile
/// suites, with small limits so that "over the limit" costs little: 8 MiB uploads, 4 Mpx, 4000 px a side.
/// Two users: the development user and <see cref="OtherUser"/>, each with a key and credits.
/// </summary>
public sealed class HostileStackFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 8 * 1024 * 1024;
    public const long MaxPixels = 4_000_000;
    public const int MaxSide = 4000;
    public const string OtherUser = "mallory";

    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();
    LocalStack? stack;

    public LocalStack Stack => this.stack ?? throw new InvalidOperationException("The stack has not started.");

    public HttpClient Http { get; private set; } = null!;

    public string OtherKey { get; private set; } = "";

    /// <summary>A valid 64×48 photo and a same-size mask, uploaded by the development user.</summary>
    public string Photo { get; private set; } = "";

    public string Mask { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var options = new LocalStackOptions { DataDirectory = this.dataDirectory, MinimumLogLevel = LogLevel.Warning };
        options.Settings["DurableTask:HubName"] = "hostile" + Guid.NewGuid().ToString("n")[..8];
        options.Settings["Limits:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Settings["Limits:MaxPixels"] = MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Settings["Limits:MaxSide"] = MaxSide.ToString(System.Globalization.CultureInfo.InvariantCulture);
        this.stack = await LocalStack.StartAsync(options);
        this.Http = new HttpClient { BaseAddress = this.stack.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var keys = this.stack.Services.GetRequiredService<ApiKeyStore>();
        this.OtherKey = await keys.CreateAsync(OtherUser, "hostile tests");
        await this.stack.Services.GetRequiredService<CreditLedger>().GrantAsync(OtherUser, 1000, "hostile-grant");

        using var photo = TestImages.Photo(64, 48);
        using var mask = TestImages.RectangleMask(64, 48, new Rectangle(16, 12, 24, 16));
        this.Photo = await this.UploadAsync(TestImages.Png(photo));
        this.Mask = await this.UploadAsync(TestImages.Png(mask));
    }

    public async Task<string> UploadAsync(byte[] bytes, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/uploads") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await this.SendAsync(request, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["reference"]!.GetValue<string>();
    }

    /// <summary>Sends with the development user's key, unless the request carries its own X-Api-Key.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? key = null)
    {
        if (!request.Headers.Contains("X-Api-Key")) request.Headers.Add("X-Api-Key", key ?? this.Stack.ApiKey);
        return this.Http.SendAsync(request);
    }

    /// <summary>Sends one hostile request and returns its status, its problem body (when it is one) and its text.</summary>
    public async Task<(int Status, JsonObject? Problem, string Text)> SendHostileAsync(HostileCase hostile)
    {
        using var request = hostile.Request(this);
        using var response = await this.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? problem = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            try
            {
                problem = JsonNode.Parse(text) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        return ((int)response.StatusCode, problem, text);
    }

    /// <summary>A response body cut to a readable length for a failure message.</summary>
    public static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    public async Task DisposeAsync()
    {
        this.Http?.Dispose();
        if (this.stack is not null) await this.stack.DisposeAsync();
        AzuriteFixture.DeleteDirectory(this.dataDirectory);
    }
}
