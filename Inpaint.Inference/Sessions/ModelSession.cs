using Inpaint.Inference.ExecutionProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Inpaint.Inference.Sessions;

/// <summary>
/// Owns one <see cref="InferenceSession"/>: loads it on the first provider that really works, reads its input
/// and output metadata, and runs it. One instance per model file, shared by all callers (ORT sessions are
/// thread-safe for <c>Run</c>). Inputs are fed only when the model declares them and are cast to the declared
/// element types in <see cref="ElementCast"/>; -1 dimensions are wildcards.
/// </summary>
public sealed partial class ModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ILogger _logger;

    private ModelSession(string name, InferenceSession session, string provider, ILogger logger)
    {
        Name = name;
        _session = session;
        _logger = logger;
        Provider = provider;
        Inputs = ReadSpecs(session.InputNames, session.InputMetadata);
        Outputs = ReadSpecs(session.OutputNames, session.OutputMetadata);
    }

    /// <summary>The model's name, for logs and errors.</summary>
    public string Name { get; }

    /// <summary>The execution provider actually in use (<c>CUDA</c> or <c>CPU</c>).</summary>
    public string Provider { get; }

    /// <summary>Declared inputs, in the model's order.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>Declared outputs, in the model's order.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; }

    public bool HasInput(string name) => Find(Inputs, name) is not null;

    public bool HasOutput(string name) => Find(Outputs, name) is not null;

    public TensorSpec Input(string name) =>
        Find(Inputs, name) ?? throw new InvalidOperationException($"Model '{Name}' has no input '{name}' (it declares {Describe(Inputs)}).");

    public TensorSpec Output(string name) =>
        Find(Outputs, name) ?? throw new InvalidOperationException($"Model '{Name}' has no output '{name}' (it declares {Describe(Outputs)}).");

    /// <summary>Loads a model file.</summary>
    public static ModelSession Load(string path, ModelSessionOptions? options = null, ILogger? logger = null) =>
        Create(Path.GetFileNameWithoutExtension(path), o => new InferenceSession(path, o), options, logger);

    /// <summary>Loads a model from memory (tests build tiny graphs in memory).</summary>
    public static ModelSession Load(string name, byte[] model, ModelSessionOptions? options = null, ILogger? logger = null) =>
        Create(name, o => new InferenceSession(model, o), options, logger);

    private static ModelSession Create(string name, Func<SessionOptions, InferenceSession> open, ModelSessionOptions? options, ILogger? logger)
    {
        options ??= ModelSessionOptions.Cpu;
        logger ??= NullLogger.Instance;
        if (options.Providers.Count == 0) throw new ArgumentException("At least one execution provider is needed.", nameof(options));

        var failures = new List<string>();
        foreach (var provider in options.Providers)
        {
            var so = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                IntraOpNumThreads = options.IntraOpThreads,
            };
            try
            {
                // Appending can throw (CPU-only build, missing libcudnn), and so can creating the session
                // (no device, driver too old): both mean "try the next provider".
                provider.AppendTo(so);
                var session = open(so);
                LogLoaded(logger, name, provider.Name);
                return new ModelSession(name, session, provider.Name, logger);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or TypeInitializationException)
            {
                failures.Add($"{provider.Name}: {ex.Message}");
                LogProviderFailed(logger, name, provider.Name, ex.Message);
            }
            finally
            {
                so.Dispose();
            }
        }
        throw new InvalidOperationException($"Model '{name}' could not be loaded on any execution provider: {string.Join("; ", failures)}");
    }

    /// <summary>One call. The returned outputs are managed copies; the run's native memory is released.</summary>
    public ModelOutputs Run(IReadOnlyDictionary<string, TensorData> inputs, CancellationToken cancellationToken = default, IReadOnlyList<string>? outputNames = null)
    {
        using var run = new ModelRun(this, cancellationToken);
        return run.Run(inputs, outputNames);
    }

    /// <summary>
    /// Runs the model once on zeros so that the first real request does not pay for allocation, kernel
    /// selection and (on CUDA) cuDNN's algorithm search. Wildcard dimensions take the values in
    /// <paramref name="dimensions"/> (per input name) or 1.
    /// </summary>
    public void WarmUp(IReadOnlyDictionary<string, long[]>? dimensions = null, CancellationToken cancellationToken = default)
    {
        var inputs = new Dictionary<string, TensorData>();
        foreach (var spec in Inputs)
        {
            var shape = dimensions is not null && dimensions.TryGetValue(spec.Name, out var given) ? given : spec.Concrete();
            var count = TensorData.ElementCount(shape);
            inputs[spec.Name] = ElementTypes.IsFloating(spec.ElementType)
                ? TensorData.FromFloats(new float[count], shape)
                : TensorData.FromInt64s(new long[count], shape);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Run(inputs, cancellationToken);
        LogWarmedUp(_logger, Name, Provider, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    internal InferenceSession Inner => _session;

    public void Dispose() => _session.Dispose();

    private static TensorSpec? Find(IReadOnlyList<TensorSpec> specs, string name)
    {
        foreach (var s in specs)
            if (s.Name == name) return s;
        return null;
    }

    private static string Describe(IReadOnlyList<TensorSpec> specs) => string.Join(", ", specs);

    private static TensorSpec[] ReadSpecs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata)
    {
        var specs = new TensorSpec[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var meta = metadata[names[i]];
            if (!meta.IsTensor)
                throw new NotSupportedException($"'{names[i]}' is a {meta.OnnxValueType}; only tensor inputs and outputs are supported.");
            specs[i] = new TensorSpec(names[i], meta.ElementDataType, Array.ConvertAll(meta.Dimensions, d => (long)d));
        }
        return specs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} loaded on the {Provider} execution provider")]
    private static partial void LogLoaded(ILogger logger, string model, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: execution provider {Provider} is unavailable ({Reason}); trying the next")]
    private static partial void LogProviderFailed(ILogger logger, string model, string provider, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} warmed up on {Provider} in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, string model, string provider, double milliseconds);
}
