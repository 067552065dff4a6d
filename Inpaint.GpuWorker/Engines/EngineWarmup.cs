namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// At start: resolves the engines (which loads their models) and finds the execution provider, then marks
/// the worker ready. Until then <c>/readyz</c> answers 503, so Container Apps routes no traffic to a replica
/// that is still loading.
/// </summary>
public sealed partial class EngineWarmup(IServiceProvider services, WorkerReadiness readiness, ILogger<EngineWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        EngineCatalog catalog;
        try
        {
            catalog = services.GetRequiredService<EngineCatalog>();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A configured engine whose model is missing or broken: stay alive and not ready, and say why.
            LogEnginesFailed(e);
            return;
        }

        var provider = services.GetService<IExecutionProviderSource>()?.ExecutionProvider ?? ExecutionProviderProbe.Detect();
        var hosted = catalog.Describe();
        LogReady(provider, string.Join(", ", hosted.Select(m => $"{m.Kind}:{m.Name}")));
        if (catalog.HasEngines)
            readiness.MarkReady(provider);
        else
            LogNoEngines();
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU worker engines resolved on {Provider}: {Models}")]
    private partial void LogReady(string provider, string models);

    [LoggerMessage(Level = LogLevel.Error, Message = "The engines could not be created: the worker stays not ready")]
    private partial void LogEnginesFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "No engine is registered: the worker stays not ready")]
    private partial void LogNoEngines();
}
