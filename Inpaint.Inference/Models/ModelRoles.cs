namespace Inpaint.Inference.Models;

/// <summary>The file roles engines look up in a manifest.</summary>
public static class ModelRoles
{
    public const string Model = "model";
    public const string Encoder = "encoder";
    public const string Decoder = "decoder";
    public const string TextEncoder = "text-encoder";
    public const string Tokenizer = "tokenizer";
    public const string Config = "config";
}
