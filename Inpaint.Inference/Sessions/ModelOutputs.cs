namespace Inpaint.Inference.Sessions;

/// <summary>The outputs of one run, by name, as managed tensors.</summary>
public sealed class ModelOutputs(string model, IReadOnlyDictionary<string, TensorData> values)
{
    public IReadOnlyDictionary<string, TensorData> Values { get; } = values;

    public TensorData this[string name] =>
        Values.TryGetValue(name, out var v)
            ? v
            : throw new InvalidOperationException($"Model '{model}' produced no output '{name}' (it produced {string.Join(", ", Values.Keys)}).");

    public bool Contains(string name) => Values.ContainsKey(name);
}
