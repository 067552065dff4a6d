using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>
/// A Kestrel server on 127.0.0.1:0 that serves files the way Hugging Face does (GET with Range → 206), and
/// can misbehave on purpose: drop the connection after N bytes, or ignore Range.
/// </summary>
public sealed class LoopbackModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, int> _dropAfter = new();

    private LoopbackModelServer(WebApplication app) => _app = app;

    /// <summary>Every request's path and Range header, in order.</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    public bool IgnoreRange { get; set; }

    public string BaseUrl { get; private set; } = "";

    public static async Task<LoopbackModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackModelServer(app);
        app.MapGet("/{**path}", server.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    public string Add(string path, byte[] content)
    {
        _files[path] = content;
        return $"{BaseUrl}/{path}";
    }

    /// <summary>The next request for <paramref name="path"/> sends <paramref name="bytes"/> bytes and then aborts.</summary>
    public void DropNextAfter(string path, int bytes) => _dropAfter[path] = bytes;

    private async Task ServeAsync(HttpContext context, string path)
    {
        var range = context.Request.Headers.Range.ToString();
        Requests.Enqueue((path, range.Length == 0 ? null : range));
        if (!_files.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = 404;
            return;
        }

        long start = 0;
        if (!IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= content.Length)
            {
                context.Response.StatusCode = 416;
                return;
            }
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.ContentLength = content.Length - start;

        if (_dropAfter.TryRemove(path, out var drop))
        {
            await context.Response.Body.WriteAsync(content.AsMemory((int)start, Math.Min(drop, content.Length - (int)start)));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        await context.Response.Body.WriteAsync(content.AsMemory((int)start));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
