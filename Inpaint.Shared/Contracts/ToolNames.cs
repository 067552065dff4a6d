namespace Inpaint.Shared.Contracts;

/// <summary>The tools this service answers for. The spec's tool is <c>flux_inpainting</c>.</summary>
public static class ToolNames
{
    public const string FluxInpainting = "flux_inpainting";

    public static readonly IReadOnlyList<string> All = [FluxInpainting];
}
