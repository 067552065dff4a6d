namespace Inpaint.Pipeline.Bench;

/// <summary>One kind of task the bench runs: an input file, its uploaded mask, the resolution and the output format.</summary>
internal sealed record PipelineCase(string Name, byte[] Image, string ImageKind, int Width, int Height, byte[] Mask, int Resolution, string OutputFormat);
