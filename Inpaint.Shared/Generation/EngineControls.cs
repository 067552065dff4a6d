using System.Collections.ObjectModel;
using System.Globalization;

namespace Inpaint.Shared.Generation;

/// <summary>
/// The concrete controls an engine used for one request, derived from the request's creativity by the
/// engine's documented mapping: for example <c>guidance_scale</c>, <c>steps</c>, <c>strength</c>. Recorded
/// with each output so a task's result says how it was made.
/// </summary>
/// <param name="Engine">Engine name (<see cref="IGenerationEngine.Name"/>).</param>
/// <param name="Creativity">The request's creativity that the values were derived from.</param>
/// <param name="Values">Control name → value; names are the reference pipelines' argument names.</param>
public sealed record EngineControls(string Engine, double Creativity, IReadOnlyDictionary<string, double> Values)
{
    public static EngineControls Create(string engine, double creativity, params (string Name, double Value)[] values) =>
        new(engine, creativity, new ReadOnlyDictionary<string, double>(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal)));

    public double this[string name] => Values[name];

    public override string ToString() =>
        $"{Engine} (creativity {Creativity.ToString(CultureInfo.InvariantCulture)}): " +
        string.Join(", ", Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value.ToString(CultureInfo.InvariantCulture)}"));
}
