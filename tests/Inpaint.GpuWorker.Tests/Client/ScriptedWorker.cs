using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Inpaint.GpuWorker.Tests.Client;

/// <summary>
/// A real HTTP server on a free loopback port that answers each request with the next step of a script
/// (the last step repeats), recording what arrived. Stands in for a worker that is busy, failing or slow.
/// </summary>
public sealed class ScriptedWorker : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<HttpContext, Task>[] steps;
    private int requests;

    private ScriptedWorker(WebApplication app, Func<HttpContext, Task>[] steps)
    {
        this.app = app;
        this.steps = steps;
    }

    public int Requests => Volatile.Read(ref requests);

    public ConcurrentQueue<(string? Key, string? Authorization, string Path)> Seen { get; } = new();

    public Uri Address => new(app.Urls.First() + "/");

    public static async Task<ScriptedWorker> StartAsync(params Func<HttpContext, Task>[] steps)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var worker = new ScriptedWorker(app, steps);
        app.Run(worker.AnswerAsync);
        await app.StartAsync();
        return worker;
    }

    public static Func<HttpContext, Task> Status(int status, string? problemType = null, string? retryAfter = null, string? extension = null) => async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        if (problemType is null) return;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync($$"""{"type":"{{problemType}}","title":"scripted","status":{{status}},"detail":"scripted failure"{{extension}}}""");
    };

    public static Func<HttpContext, Task> Json(string body) => async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    };

    public static Func<HttpContext, Task> Hang() => async context =>
        await Task.Delay(Timeout.Infinite, context.RequestAborted);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private Task AnswerAsync(HttpContext context)
    {
        var index = Interlocked.Increment(ref requests) - 1;
        Seen.Enqueue((context.Request.Headers["X-Worker-Key"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Path));
        return steps[Math.Min(index, steps.Length - 1)](context);
    }
}
