namespace Inpaint.Inference.Models;

/// <summary>The outcome of checking a model's files against its manifest.</summary>
public sealed record ModelVerification(string Model, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}
