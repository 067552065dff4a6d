namespace Inpaint.Inference.Tokenizers;

/// <summary>
/// The prompt tokens FLUX.2 [klein] feeds its Qwen3 text encoder (diffusers <c>Flux2KleinPipeline._get_qwen3_prompt_embeds</c>):
/// the prompt as one user turn of Qwen3's chat template with thinking disabled —
/// <c>&lt;|im_start|&gt;user\n{prompt}&lt;|im_end|&gt;\n&lt;|im_start|&gt;assistant\n&lt;think&gt;\n\n&lt;/think&gt;\n\n</c> —
/// tokenized by the export's byte-level BPE <c>tokenizer.json</c> (through the Hugging Face tokenizers library),
/// truncated and right-padded with <c>&lt;|endoftext|&gt;</c> to the encoder's length, with the attention mask.
/// </summary>
public sealed class QwenChatTokenizer : IDisposable
{
    private const string PadToken = "<|endoftext|>";
    private readonly global::Tokenizers.DotNet.Tokenizer _tokenizer;

    private QwenChatTokenizer(global::Tokenizers.DotNet.Tokenizer tokenizer)
    {
        _tokenizer = tokenizer;
        var pad = tokenizer.Encode(PadToken);
        if (pad.Length != 1)
            throw new InvalidDataException($"tokenizer.json does not have {PadToken} as one token; it is not a Qwen tokenizer.");
        PadId = pad[0];
    }

    public long PadId { get; }

    public static QwenChatTokenizer FromFile(string path) => new(new global::Tokenizers.DotNet.Tokenizer(path));

    /// <summary>The chat-template text for <paramref name="prompt"/>.</summary>
    public static string Template(string prompt) =>
        $"<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";

    /// <summary>Ids and attention mask of <paramref name="length"/> (padding "max_length", truncation on).</summary>
    public (long[] Ids, long[] AttentionMask) Encode(string prompt, int length)
    {
        var encoded = _tokenizer.Encode(Template(prompt));
        var ids = new long[length];
        var mask = new long[length];
        Array.Fill(ids, PadId);
        var n = Math.Min(length, encoded.Length);
        for (var i = 0; i < n; i++)
        {
            ids[i] = encoded[i];
            mask[i] = 1;
        }
        return (ids, mask);
    }

    public void Dispose() => _tokenizer.Dispose();
}
