using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inpaint.Inference.Sessions;

/// <summary>
/// One call of a <see cref="ModelSession"/>. Owns the <see cref="RunOptions"/>, whose
/// <see cref="RunOptions.Terminate"/> flag is raised when the caller's token is cancelled (ORT checks it
/// between nodes), and the output buffers: fp32 outputs of fully static shape are allocated up front and
/// written by ORT in place; others are allocated by ORT and copied out through <see cref="ElementCast"/>.
/// </summary>
public sealed class ModelRun : IDisposable
{
    private readonly ModelSession _session;
    private readonly RunOptions _options = new();
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;

    public ModelRun(ModelSession session, CancellationToken cancellationToken)
    {
        _session = session;
        _cancellationToken = cancellationToken;
        _options.LogId = session.Name;
        _registration = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, _options);
    }

    public ModelOutputs Run(IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames = null)
    {
        _cancellationToken.ThrowIfCancellationRequested();

        var names = new List<string>(_session.Inputs.Count);
        var values = new List<OrtValue>(_session.Inputs.Count);
        var outputs = outputNames is null ? _session.Outputs : outputNames.Select(_session.Output).ToList();
        var preallocated = new List<(string Name, float[] Buffer, long[] Shape)>();
        var outputValues = new List<OrtValue>();
        try
        {
            // Feed only what the model declares: exports of one family differ in optional inputs
            // (attention_mask, token_type_ids, pixel_mask); extra inputs are simply not sent.
            foreach (var spec in _session.Inputs)
            {
                if (!inputs.TryGetValue(spec.Name, out var data))
                    throw new ArgumentException($"Model '{_session.Name}' needs input '{spec}', which was not given.", nameof(inputs));
                if (!spec.Accepts(data.Shape))
                    throw new ArgumentException($"Model '{_session.Name}' input '{spec}' cannot take shape [{string.Join(", ", data.Shape)}].", nameof(inputs));
                names.Add(spec.Name);
                values.Add(ElementCast.ToOrtValue(data, spec.ElementType));
            }

            if (outputs.All(o => o.IsStatic && o.ElementType == TensorElementType.Float))
            {
                foreach (var o in outputs)
                {
                    var shape = o.Concrete();
                    var buffer = new float[TensorData.ElementCount(shape)];
                    preallocated.Add((o.Name, buffer, shape));
                    outputValues.Add(OrtValue.CreateTensorValueFromMemory(buffer, shape));
                }
                Guard(() => _session.Inner.Run(_options, names, values, outputs.Select(o => o.Name).ToList(), outputValues));
                return new ModelOutputs(_session.Name, preallocated.ToDictionary(p => p.Name, p => TensorData.FromFloats(p.Buffer, p.Shape)));
            }

            using var results = Guard(() => _session.Inner.Run(_options, names, values, outputs.Select(o => o.Name).ToList()));
            var copied = new Dictionary<string, TensorData>(outputs.Count);
            var i = 0;
            foreach (var value in results)
                copied[outputs[i++].Name] = ElementCast.FromOrtValue(value);
            return new ModelOutputs(_session.Name, copied);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
            foreach (var v in outputValues) v.Dispose();
        }
    }

    private T Guard<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (OnnxRuntimeException) when (_cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Run of model '{_session.Name}' was cancelled.", _cancellationToken);
        }
    }

    private void Guard(Action run) => Guard(() => { run(); return 0; });

    public void Dispose()
    {
        _registration.Dispose();
        _options.Dispose();
    }
}
