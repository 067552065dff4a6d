using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;
using Inpaint.Shared.Webhooks;
using Inpaint.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;

namespace Inpaint.Shared.Tests.Webhooks;

/// <summary>Webhooks over Azurite and the in-process Durable host, to a real receiver on loopback.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookTests(AzuriteFixture azurite)
{
    private const string Secret = "whsec-test-0123456789";

    /// <summary>
    /// A host that signs with <see cref="Secret"/>. With <paramref name="letLoopbackIn"/> the URL guard admits
    /// loopback through its test seam (the receiver lives there); without it the guard is the production one.
    /// </summary>
    private Task<OrchestrationHost> StartAsync(bool letLoopbackIn) =>
        OrchestrationHost.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Webhooks:Secret"] = Secret,
            ["Fetch:AllowHttp"] = "true",
        }, configure: letLoopbackIn
            ? services => services.AddSingleton(s => new UrlFetcher(
                s.GetRequiredService<IOptions<FetchOptions>>().Value, (host, ct) => Dns.GetHostAddressesAsync(host, ct), IPAddress.IsLoopback))
            : null);

    private static async Task<string> CreateAsync(OrchestrationHost host, string webhookUrl)
    {
        using var photo = TestImages.Photo(96, 64);
        using var mask = TestImages.RectangleMask(96, 64, new Rectangle(30, 20, 20, 20));
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse($$"""
            {"image":"{{await host.UploadAsync(TestImages.Png(photo))}}","mask_image":"{{await host.UploadAsync(TestImages.Png(mask))}}",
             "webhook_url":"{{webhookUrl}}"}
            """).RootElement.Clone());
        return (await host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, default)).Id;
    }

    /// <summary>The orchestration ends after its webhook step, so waiting for it means the delivery was tried for good.</summary>
    private static async Task WaitForOrchestrationAsync(OrchestrationHost host, string taskId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instance = await host.Client.WaitForInstanceCompletionAsync(taskId, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    /// <summary>The receiver's check, written out independently of <see cref="WebhookSignature"/>.</summary>
    private static void AssertSigned(WebhookReceiver.Delivery delivery)
    {
        var header = delivery.Headers[WebhookSignature.HeaderName];
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t, -5, 120);
        var signed = Encoding.UTF8.GetBytes(parts["t"] + ".").Concat(delivery.Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        Assert.Equal(expected, parts["v1"]);
    }

    [Fact]
    public async Task The_final_task_is_posted_with_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(letLoopbackIn: true);
        var id = await CreateAsync(host, receiver.Url.ToString());
        await WaitForOrchestrationAsync(host, id);

        var delivery = Assert.Single(await receiver.WaitForAsync(1));
        AssertSigned(delivery);
        Assert.Equal(id, delivery.Headers[DeliverWebhookActivity.TaskHeader]);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"]);
        var task = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("task");
        Assert.Equal(id, task.GetProperty("_id").GetString());
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.Equal(receiver.Url.ToString(), task.GetProperty("args").GetProperty("webhook_url").GetString());
        Assert.Equal(96, task.GetProperty("result")[0].GetProperty("output")[0].GetProperty("mediaAttributes").GetProperty("width").GetInt32());

        // A tampered body or another secret does not verify.
        Assert.True(WebhookSignature.Verify(Secret, delivery.Headers[WebhookSignature.HeaderName], delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other", delivery.Headers[WebhookSignature.HeaderName], delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, delivery.Headers[WebhookSignature.HeaderName], [.. delivery.Body, (byte)' '], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, delivery.Headers[WebhookSignature.HeaderName], delivery.Body, DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_500_is_retried_until_the_receiver_takes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 503);
        await using var host = await StartAsync(letLoopbackIn: true);
        var id = await CreateAsync(host, receiver.Url.ToString());
        await WaitForOrchestrationAsync(host, id);

        var deliveries = await receiver.WaitForAsync(3);
        Assert.Equal([500, 503, 200], deliveries.Select(d => d.Answered));
        Assert.All(deliveries, AssertSigned);
        Assert.All(deliveries, d => Assert.Equal(id, JsonDocument.Parse(d.Body).RootElement.GetProperty("task").GetProperty("_id").GetString()));
        Assert.Equal(TaskStatuses.Completed, (await host.Get<TaskStore>().GetAsync(host.User, id)).Status);
    }

    [Fact]
    public async Task A_4xx_answer_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(404);
        await using var host = await StartAsync(letLoopbackIn: true);
        var id = await CreateAsync(host, receiver.Url.ToString());
        await WaitForOrchestrationAsync(host, id);

        Assert.Equal([404], (await receiver.WaitForAsync(1)).Select(d => d.Answered));
        await Task.Delay(200);
        Assert.Single(receiver.Deliveries);
    }

    [Fact]
    public async Task A_private_or_loopback_webhook_address_is_refused_and_never_contacted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(letLoopbackIn: false);

        // The production guard: the loopback receiver is never reached, the task still completes.
        var id = await CreateAsync(host, receiver.Url.ToString());
        await WaitForOrchestrationAsync(host, id);
        Assert.Equal(TaskStatuses.Completed, (await host.Get<TaskStore>().GetAsync(host.User, id)).Status);
        Assert.Empty(receiver.Deliveries);

        var activity = host.Get<DeliverWebhookActivity>();
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => activity.RunAsync(null!, new WebhookInput(id, host.User, receiver.Url.ToString())));
        Assert.Contains("not public", refused.Message);

        // A name that resolves to a private address is refused after DNS, like image URLs.
        using var guarded = new UrlFetcher(new FetchOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.1.2.3") }));
        var dns = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            guarded.PostAsync(new Uri("https://hooks.example.com/x"), "{}"u8.ToArray(), "application/json", [], default));
        Assert.Contains("not public", dns.Message);
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task A_webhook_url_is_refused_at_creation_when_malformed_or_when_the_server_has_no_secret()
    {
        var bad = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            """{"image":"https://example.com/a.png","mask_image":"https://example.com/m.png","webhook_url":"ftp://example.com/hook"}""").RootElement.Clone());
        var error = Assert.Throws<RequestValidationException>(() => ArgsValidator.Validate(bad));
        Assert.Contains("webhook_url", error.Errors.Keys);

        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var noSecret = await Assert.ThrowsAsync<RequestValidationException>(() => CreateAsync(host, "https://example.com/hook"));
        Assert.Contains("Webhooks:Secret", noSecret.Errors["webhook_url"][0]);
    }
}
