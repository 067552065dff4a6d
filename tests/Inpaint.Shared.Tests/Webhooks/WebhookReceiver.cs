using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Shared.Tests.Webhooks;

/// <summary>A real HTTP receiver on a loopback port that records every POST and answers a scripted status sequence.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<int> _script;

    private WebhookReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new Queue<int>(script);
    }

    public sealed record Delivery(byte[] Body, IReadOnlyDictionary<string, string> Headers, int Answered);

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Starts on 127.0.0.1; answers the <paramref name="statuses"/> in order, then 200.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, statuses);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            int status;
            lock (receiver._script) status = receiver._script.TryDequeue(out var s) ? s : 200;
            receiver.Deliveries.Enqueue(new Delivery(
                body.ToArray(), http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries arrived.</summary>
    public async Task<Delivery[]> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Deliveries.Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Deliveries.Count} of {count} webhook deliveries arrived");
            await Task.Delay(20);
        }

        return Deliveries.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
