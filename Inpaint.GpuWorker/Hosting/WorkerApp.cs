namespace Inpaint.GpuWorker.Hosting;

/// <summary>
/// The whole worker as one call, for hosts other than its own <c>Program</c>: <c>inpaint worker</c> runs
/// <c>WorkerApp.Build(args, ...).Run()</c>; the local stack can also <c>StartAsync</c> it in-process on a
/// loopback URL (<c>--urls http://127.0.0.1:5180</c>) and point <c>WorkerClient__BaseAddress</c> at it.
/// <paramref name="addEngines"/> registers the <c>IGenerationEngine</c>s and the <c>IRegionEngine</c> to host.
/// </summary>
public static class WorkerApp
{
    public static WebApplication Build(string[] args, Action<IServiceCollection, IConfiguration> addEngines)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGpuWorker();
        addEngines(builder.Services, builder.Configuration);
        var app = builder.Build();
        app.MapGpuWorkerApi();
        return app;
    }
}
