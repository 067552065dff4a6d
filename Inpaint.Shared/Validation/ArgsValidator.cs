using System.Globalization;
using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;

namespace Inpaint.Shared.Validation;

/// <summary>
/// Turns the untrusted <c>{tool, args}</c> of a create request into <see cref="InpaintArgs"/> with defaults
/// filled in, or throws <see cref="RequestValidationException"/> naming every bad field and its limit.
/// Checks types as well as ranges, so <c>"resolution": "big"</c> is a 400, never a 500.
/// </summary>
public static class ArgsValidator
{
    /// <summary>Every argument of the tool (<c>GET /v2/tools</c> describes each one; a test holds the two together).</summary>
    public static readonly IReadOnlySet<string> KnownArgs = new HashSet<string>
    {
        "image", "masking_prompt", "mask_image", "use_rembg", "inpaint_foreground", "inpainting_prompt",
        "resolution", "creativity", "mask_blur", "mask_expand", "n_samples", "seed", "output_format", "color_match", "webhook_url",
    };

    /// <summary>The accepted <c>output_format</c> values; the first is the default.</summary>
    public static readonly IReadOnlyList<string> OutputFormats = ["png", "jpeg", "webp"];

    public static (string Tool, InpaintArgs Args) Validate(CreateTaskRequest? request)
    {
        if (request is null)
            throw new RequestValidationException("body", "the body must be a JSON object with 'tool' and 'args'");

        var errors = new Errors();
        var tool = request.Tool;
        if (string.IsNullOrWhiteSpace(tool))
            errors.Add("tool", $"tool is required; known tools: {string.Join(", ", ToolNames.All)}");
        else if (!ToolNames.All.Contains(tool))
            errors.Add("tool", $"unknown tool '{Truncate(tool)}'; known tools: {string.Join(", ", ToolNames.All)}");

        if (request.Args is not { ValueKind: JsonValueKind.Object } args)
        {
            errors.Add("args", "args is required and must be a JSON object");
            errors.ThrowIfAny();
            throw new InvalidOperationException("unreachable");
        }

        foreach (var property in args.EnumerateObject())
        {
            if (!TryText(() => property.Name, out var name))
                errors.Add("args", "an argument name is not valid text (it holds a lone UTF-16 surrogate escape)");
            else if (!KnownArgs.Contains(name))
                errors.Add(name, KnownArgs.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } near
                    ? $"'{Truncate(name)}' is not a known argument of {ToolNames.FluxInpainting}; names are case-sensitive: did you mean '{near}'?"
                    : $"'{Truncate(name)}' is not a known argument of {ToolNames.FluxInpainting}");
        }

        // Looking arguments up by name unescapes every name, and an unreadable one would throw there.
        if (errors.Has("args")) errors.ThrowIfAny();

        var reader = new ArgReader(args, errors);
        var image = reader.Reference("image", required: true);
        var maskingPrompt = reader.Text("masking_prompt");
        var maskImage = reader.Reference("mask_image", required: false);
        var useRembg = reader.Flag("use_rembg");
        var inpaintForeground = reader.Flag("inpaint_foreground");
        var inpaintingPrompt = reader.Text("inpainting_prompt") ?? "";
        var resolution = reader.Integer("resolution", ArgLimits.Resolution);
        var creativity = reader.Number("creativity", ArgLimits.Creativity);
        var maskBlur = reader.Number("mask_blur", ArgLimits.MaskBlur);
        var maskExpand = reader.Integer("mask_expand", ArgLimits.MaskExpand);
        var nSamples = reader.Integer("n_samples", ArgLimits.NSamples);
        var seed = reader.OptionalLong("seed", ArgLimits.Seed);
        var outputFormat = reader.Choice("output_format", OutputFormats, OutputFormats[0]);
        var colorMatch = reader.Flag("color_match");
        var webhookUrl = reader.Url("webhook_url");

        if (string.IsNullOrWhiteSpace(maskingPrompt) && !useRembg && maskImage is null && !errors.Has("mask_image"))
        {
            errors.Add("mask_image",
                "choose the region to replace: give masking_prompt (text), use_rembg (foreground/background) or mask_image");
        }

        errors.ThrowIfAny();
        return (tool!, new InpaintArgs
        {
            Image = image!,
            MaskingPrompt = string.IsNullOrWhiteSpace(maskingPrompt) ? null : maskingPrompt.Trim(),
            MaskImage = maskImage,
            UseRembg = useRembg,
            InpaintForeground = inpaintForeground,
            InpaintingPrompt = inpaintingPrompt.Trim(),
            // The working size actually used (a multiple of 16), so the task's args echo what ran: 1000 is 1008.
            Resolution = Imaging.CropPlanner.WorkingResolution(resolution),
            Creativity = creativity,
            MaskBlur = maskBlur,
            MaskExpand = maskExpand,
            NSamples = nSamples,
            Seed = seed,
            OutputFormat = outputFormat,
            ColorMatch = colorMatch,
            WebhookUrl = webhookUrl,
        });
    }

    /// <summary>
    /// Reads JSON text that may hold an escaped lone surrogate (<c>"\ud800"</c>): valid JSON, but
    /// <see cref="JsonElement.GetString"/> throws <see cref="InvalidOperationException"/> on it.
    /// </summary>
    private static bool TryText(Func<string> read, out string text)
    {
        try
        {
            text = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";

    /// <summary>Collects every problem so one response lists them all.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list))
                _byField[field] = list = [];
            list.Add(message);
        }

        public bool Has(string field) => _byField.ContainsKey(field);

        public void ThrowIfAny()
        {
            if (_byField.Count > 0)
                throw new RequestValidationException(_byField.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    /// <summary>Reads one typed field at a time, recording a clear error instead of throwing.</summary>
    private readonly struct ArgReader(JsonElement args, Errors errors)
    {
        private bool TryGet(string name, out JsonElement value)
        {
            if (args.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
                return true;
            value = default;
            return false;
        }

        public string? Reference(string name, bool required)
        {
            if (!TryGet(name, out var value))
            {
                if (required) errors.Add(name, $"{name} is required: an uploaded reference (upload:ID), a data: URI or an https URL");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(name, $"{name} must be a string");
                return null;
            }

            if (!TryText(value.GetString!, out var raw))
            {
                errors.Add(name, $"{name} is not valid text (it holds a lone UTF-16 surrogate escape)");
                return null;
            }

            var text = raw.Trim();
            if (ImageReference.TryParse(text, out var reference, out var problem))
                return reference.ToString();
            errors.Add(name, $"{name} {problem}");
            return null;
        }

        /// <summary>An absolute http(s) URL; where it may point is the fetcher's guard's business, at delivery.</summary>
        public string? Url(string name)
        {
            if (!TryGet(name, out var value)) return null;
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(name, $"{name} must be a string");
                return null;
            }

            if (!TryText(value.GetString!, out var raw))
            {
                errors.Add(name, $"{name} is not valid text (it holds a lone UTF-16 surrogate escape)");
                return null;
            }

            var text = raw.Trim();
            if (text.Length > ArgLimits.MaxReferenceLength)
            {
                errors.Add(name, $"{name} must be at most {ArgLimits.MaxReferenceLength} characters");
                return null;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0)
            {
                errors.Add(name, $"{name} must be an absolute https URL without credentials");
                return null;
            }

            return uri.AbsoluteUri;
        }

        public string? Text(string name)
        {
            if (!TryGet(name, out var value)) return null;
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(name, $"{name} must be a string");
                return null;
            }

            if (!TryText(value.GetString!, out var text))
            {
                errors.Add(name, $"{name} is not valid text (it holds a lone UTF-16 surrogate escape)");
                return null;
            }

            if (text.Length > ArgLimits.MaxPromptLength)
            {
                errors.Add(name, $"{name} must be at most {ArgLimits.MaxPromptLength} characters (got {text.Length})");
                return null;
            }

            return text;
        }

        public bool Flag(string name)
        {
            if (!TryGet(name, out var value)) return false;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            errors.Add(name, $"{name} must be true or false");
            return false;
        }

        public int Integer(string name, ArgLimits.Range<int> range)
        {
            if (!TryGet(name, out var value)) return range.Default;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || d != Math.Floor(d))
            {
                errors.Add(name, $"{name} must be an integer between {range.Min} and {range.Max}");
                return range.Default;
            }

            if (d < range.Min || d > range.Max)
            {
                errors.Add(name, $"{name} must be between {range.Min} and {range.Max} (got {Show(d)})");
                return range.Default;
            }

            return (int)d;
        }

        public long? OptionalLong(string name, ArgLimits.Range<long> range)
        {
            if (!TryGet(name, out var value)) return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || d != Math.Floor(d))
            {
                errors.Add(name, $"{name} must be an integer between {range.Min} and {range.Max}");
                return null;
            }

            if (d < range.Min || d > range.Max)
            {
                errors.Add(name, $"{name} must be between {range.Min} and {range.Max} (got {Show(d)})");
                return null;
            }

            return (long)d;
        }

        public double Number(string name, ArgLimits.Range<double> range)
        {
            if (!TryGet(name, out var value)) return range.Default;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                errors.Add(name, $"{name} must be a number between {Show(range.Min)} and {Show(range.Max)}");
                return range.Default;
            }

            if (d < range.Min || d > range.Max)
            {
                errors.Add(name, $"{name} must be between {Show(range.Min)} and {Show(range.Max)} (got {Show(d)})");
                return range.Default;
            }

            return d;
        }

        public string Choice(string name, IReadOnlyList<string> choices, string fallback)
        {
            if (!TryGet(name, out var value)) return fallback;
            var text = value.ValueKind == JsonValueKind.String && TryText(value.GetString!, out var raw) ? raw.Trim().ToLowerInvariant() : null;
            if (text is not null && choices.Contains(text)) return text;
            errors.Add(name, $"{name} must be one of {string.Join(", ", choices)}");
            return fallback;
        }

        private static string Show(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
