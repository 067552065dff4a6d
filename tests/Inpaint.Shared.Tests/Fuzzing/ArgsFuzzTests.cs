using System.Text;
using System.Text.Json;
using CsCheck;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Validation;

namespace Inpaint.Shared.Tests.Fuzzing;

/// <summary>
/// The args parser on generated request bodies: known and unknown names, values of every JSON type (numbers
/// out of range, huge, fractional; strings with escapes, lone surrogates, control characters; nesting),
/// and bodies with a byte dropped or inserted. The only ways out are a valid <see cref="InpaintArgs"/> within
/// the limits, a <see cref="RequestValidationException"/> naming fields, or a <see cref="JsonException"/>
/// (the API's "body is not valid JSON"). Bounded in time.
/// </summary>
public class ArgsFuzzTests
{
    static readonly string[] Names =
    [
        "image", "masking_prompt", "mask_image", "use_rembg", "inpaint_foreground", "inpainting_prompt", "resolution",
        "creativity", "mask_blur", "mask_expand", "n_samples", "seed", "output_format", "color_match", "strength", "\\ud800", "",
    ];

    static readonly string[] StringPieces =
    [
        "a", " ", "hat", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\n", "é", "\\\"", "\\\\", "upload:", "0123456789abcdef01234567",
        "data:image/png;base64,", "iVBORw0KGgo=", "https://", "http://169.254.169.254/", "png", "JPEG", "file:///",
    ];

    static readonly Gen<string> JsonString = Gen.Int[0, StringPieces.Length - 1].Array[0, 6].Select(p => "\"" + string.Concat(p.Select(i => StringPieces[i])) + "\"");

    static readonly Gen<string> JsonNumber = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Long.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e309"),
        Gen.Int[0, 2000].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("1e309"), Gen.Const("-0"), Gen.Const("0.5"), Gen.Const("1024.0000000001"), Gen.Const(new string('9', 400)));

    static readonly Gen<string> JsonScalar = Gen.OneOf(JsonString, JsonNumber, Gen.Const("true"), Gen.Const("false"), Gen.Const("null"));

    static readonly Gen<string> JsonValue = Gen.OneOf(
        JsonScalar, JsonScalar, JsonScalar,
        JsonScalar.Array[0, 3].Select(a => "[" + string.Join(",", a) + "]"),
        Gen.Int[1, 80].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Select(JsonString, JsonScalar).Select(t => "{" + t.Item1 + ":" + t.Item2 + "}"));

    static readonly Gen<string> Body =
        Gen.Select(
                Gen.OneOf(Gen.Const("\"flux_inpainting\""), JsonString, JsonScalar),
                Gen.Select(Gen.Int[0, Names.Length - 1], JsonValue).Array[0, 10],
                Gen.Int[0, 9], Gen.Int, Gen.Char)
            .Select(t =>
            {
                var args = string.Join(",", t.Item2.Select(p => "\"" + Names[p.Item1] + "\":" + p.Item2));
                var body = "{\"tool\":" + t.Item1 + ",\"args\":{" + args + "}}";
                if (t.Item3 == 0) return body.Remove(Math.Abs(t.Item4 % body.Length), 1);                         // a byte dropped
                if (t.Item3 == 1) return body.Insert(Math.Abs(t.Item4 % body.Length), t.Item5.ToString());       // a char inserted
                return body;
            });

    [Fact]
    public void Generated_bodies_validate_or_are_refused_by_field()
    {
        Body.Sample(ParseAndValidate, iter: 1_000_000, time: 3, threads: 1);
    }

    /// <summary>Bodies that once escaped as a 500 (an InvalidOperationException from a lone surrogate escape).</summary>
    [Theory]
    [InlineData("{\"tool\":\"flux_inpainting\",\"args\":{\"image\":\"upload:x\",\"inpainting_prompt\":\"\\ud800\"}}", "inpainting_prompt")]
    [InlineData("{\"tool\":\"flux_inpainting\",\"args\":{\"\\udc00\":1}}", "args")]
    [InlineData("{\"tool\":\"flux_inpainting\",\"args\":{\"image\":\"\\ud800\"}}", "image")]
    [InlineData("{\"tool\":\"flux_inpainting\",\"args\":{\"image\":\"upload:x\",\"output_format\":\"\\udfff\"}}", "output_format")]
    public void Regression_bodies_are_refused_by_field(string body, string field)
    {
        var request = JsonSerializer.Deserialize<CreateTaskRequest>(Encoding.UTF8.GetBytes(body));
        var error = Assert.Throws<RequestValidationException>(() => ArgsValidator.Validate(request));
        Assert.Contains(field, error.Errors.Keys);
    }

    static void ParseAndValidate(string body)
    {
        CreateTaskRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<CreateTaskRequest>(Encoding.UTF8.GetBytes(body));
        }
        catch (JsonException)
        {
            return;
        }

        try
        {
            var (tool, args) = ArgsValidator.Validate(request);
            Assert.Equal(ToolNames.FluxInpainting, tool);
            Assert.InRange(args.Resolution, ArgLimits.Resolution.Min, ArgLimits.Resolution.Max);
            Assert.InRange(args.NSamples, ArgLimits.NSamples.Min, ArgLimits.NSamples.Max);
            Assert.InRange(args.Creativity, ArgLimits.Creativity.Min, ArgLimits.Creativity.Max);
            Assert.InRange(args.MaskBlur, ArgLimits.MaskBlur.Min, ArgLimits.MaskBlur.Max);
            Assert.InRange(args.MaskExpand, ArgLimits.MaskExpand.Min, ArgLimits.MaskExpand.Max);
            Assert.Contains(args.OutputFormat, new[] { "png", "jpeg", "webp" });
        }
        catch (RequestValidationException e)
        {
            Assert.NotEmpty(e.Errors);
        }
    }
}
