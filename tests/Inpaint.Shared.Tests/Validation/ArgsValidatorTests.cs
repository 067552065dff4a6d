using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Validation;

namespace Inpaint.Shared.Tests.Validation;

public sealed class ArgsValidatorTests
{
    private const string Image = "https://example.com/photo.jpg";

    private static CreateTaskRequest Request(string argsJson, string? tool = ToolNames.FluxInpainting) =>
        new(tool, JsonDocument.Parse(argsJson).RootElement.Clone());

    private static InpaintArgs Valid(string extra = "") =>
        ArgsValidator.Validate(Request($$"""{"image":"{{Image}}","mask_image":"upload:abc"{{extra}}}""")).Args;

    private static RequestValidationException Invalid(string argsJson, string? tool = ToolNames.FluxInpainting) =>
        Assert.Throws<RequestValidationException>(() => ArgsValidator.Validate(Request(argsJson, tool)));

    private static RequestValidationException InvalidArg(string extra) =>
        Invalid($$"""{"image":"{{Image}}","mask_image":"upload:abc"{{extra}}}""");

    [Fact]
    public void Every_default_is_filled_in()
    {
        var args = Valid();
        Assert.Equal(1024, args.Resolution);
        Assert.Equal(0.85, args.Creativity);
        Assert.Equal(24, args.MaskBlur);
        Assert.Equal(12, args.MaskExpand);
        Assert.Equal(1, args.NSamples);
        Assert.Null(args.Seed);
        Assert.Equal("png", args.OutputFormat);
        Assert.Equal("", args.InpaintingPrompt);
        Assert.False(args.UseRembg);
        Assert.False(args.InpaintForeground);
        Assert.Equal(RegionSource.MaskImage, args.Region);
    }

    /// <summary>The args echo the working size actually used (a multiple of 16), not the number sent.</summary>
    [Theory]
    [InlineData(1000, 1008)]
    [InlineData(520, 528)]
    [InlineData(999, 992)]
    [InlineData(1008, 1008)]
    [InlineData(1535, 1536)]
    [InlineData(513, 512)]
    public void A_resolution_that_is_not_a_multiple_of_16_is_echoed_as_the_size_used(int sent, int used)
        => Assert.Equal(used, Valid($""","resolution":{sent}""").Resolution);

    [Fact]
    public void A_case_variant_argument_is_refused_with_the_right_spelling()
    {
        var error = InvalidArg(""","Resolution":512""");
        Assert.Contains("did you mean 'resolution'?", error.Errors["Resolution"][0]);
    }

    [Theory]
    [InlineData("resolution", "512")]
    [InlineData("resolution", "1536")]
    [InlineData("creativity", "0")]
    [InlineData("creativity", "1.1")]
    [InlineData("mask_blur", "0")]
    [InlineData("mask_blur", "160")]
    [InlineData("mask_expand", "0")]
    [InlineData("mask_expand", "64")]
    [InlineData("n_samples", "1")]
    [InlineData("n_samples", "4")]
    [InlineData("seed", "0")]
    [InlineData("seed", "2147483647")]
    public void Both_ends_of_every_range_are_accepted(string field, string value)
    {
        var args = Valid($""","{field}":{value}""");
        var json = JsonSerializer.SerializeToElement(args);
        Assert.Equal(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), json.GetProperty(field).GetDouble());
    }

    [Theory]
    [InlineData("resolution", "511", "between 512 and 1536")]
    [InlineData("resolution", "1537", "between 512 and 1536")]
    [InlineData("creativity", "-0.01", "between 0 and 1.1")]
    [InlineData("creativity", "1.11", "between 0 and 1.1")]
    [InlineData("mask_blur", "-1", "between 0 and 160")]
    [InlineData("mask_blur", "160.5", "between 0 and 160")]
    [InlineData("mask_expand", "-1", "between 0 and 64")]
    [InlineData("mask_expand", "65", "between 0 and 64")]
    [InlineData("n_samples", "0", "between 1 and 4")]
    [InlineData("n_samples", "5", "between 1 and 4")]
    [InlineData("seed", "-1", "between 0 and 2147483647")]
    [InlineData("seed", "2147483648", "between 0 and 2147483647")]
    public void Just_outside_every_range_is_refused_naming_the_field_and_limit(string field, string value, string limit)
    {
        var error = InvalidArg($""","{field}":{value}""");
        var message = Assert.Single(Assert.Contains(field, error.Errors));
        Assert.Contains(limit, message);
    }

    [Theory]
    [InlineData("resolution", "\"big\"")]
    [InlineData("resolution", "1024.5")]
    [InlineData("n_samples", "true")]
    [InlineData("mask_expand", "[1]")]
    [InlineData("creativity", "\"0.5\"")]
    [InlineData("seed", "1.5")]
    [InlineData("use_rembg", "\"yes\"")]
    [InlineData("masking_prompt", "12")]
    [InlineData("output_format", "\"gif\"")]
    public void Wrong_types_are_refused_naming_the_field(string field, string value)
    {
        var error = InvalidArg($""","{field}":{value}""");
        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public void Unknown_tool_is_refused()
    {
        var error = Invalid($$"""{"image":"{{Image}}","mask_image":"upload:abc"}""", tool: "txt2img");
        Assert.Contains("unknown tool 'txt2img'", Assert.Single(error.Errors["tool"]));
    }

    [Fact]
    public void Missing_tool_is_refused()
    {
        var error = Invalid($$"""{"image":"{{Image}}","mask_image":"upload:abc"}""", tool: null);
        Assert.Contains("tool", error.Errors.Keys);
    }

    [Fact]
    public void Unknown_argument_is_refused()
    {
        var error = InvalidArg(""","strength":0.5""");
        Assert.Contains("not a known argument", Assert.Single(error.Errors["strength"]));
    }

    [Fact]
    public void Missing_image_is_refused()
    {
        var error = Invalid("""{"mask_image":"upload:abc"}""");
        Assert.Contains("image is required", Assert.Single(error.Errors["image"]));
    }

    [Theory]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("not a url")]
    [InlineData("upload:../../etc")]
    [InlineData("data:image/png,notbase64")]
    public void Malformed_image_references_are_refused(string reference)
    {
        var error = Invalid($$"""{"image":"{{reference}}","mask_image":"upload:abc"}""");
        Assert.Contains("image", error.Errors.Keys);
    }

    [Fact]
    public void A_request_without_any_region_is_refused()
    {
        var error = Invalid($$"""{"image":"{{Image}}","inpainting_prompt":"a hat"}""");
        Assert.Contains("choose the region", Assert.Single(error.Errors["mask_image"]));
    }

    [Fact]
    public void Region_priority_is_prompt_then_rembg_then_mask()
    {
        Assert.Equal(RegionSource.Prompt, Valid(""","masking_prompt":"hat","use_rembg":true""").Region);
        Assert.Equal(RegionSource.Foreground, Valid(""","use_rembg":true""").Region);
        Assert.Equal(RegionSource.MaskImage, Valid(""","masking_prompt":"   " """).Region);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = InvalidArg(""","resolution":100,"n_samples":9,"mask_blur":"x" """);
        Assert.Equal(["mask_blur", "n_samples", "resolution"], error.Errors.Keys.Order());
    }

    [Fact]
    public void Args_must_be_an_object()
    {
        var error = Assert.Throws<RequestValidationException>(() =>
            ArgsValidator.Validate(new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse("[1]").RootElement)));
        Assert.Contains("args", error.Errors.Keys);
    }

    [Fact]
    public void The_spec_example_is_accepted_with_its_values()
    {
        var request = JsonSerializer.Deserialize<CreateTaskRequest>("""
            {
              "tool": "flux_inpainting",
              "args": {
                "image": "https://edenartlab-prod-data.s3.us-east-1.amazonaws.com/d39a732c49c718d272e1035762e08df24aac8173972603e31287059611e7005f.jpg",
                "masking_prompt": "region above head, hair",
                "inpainting_prompt": "a person wearing a mexican sombrero",
                "resolution": 1024,
                "creativity": 0.85,
                "mask_blur": 24,
                "mask_expand": 12,
                "n_samples": 1
              }
            }
            """);
        var (tool, args) = ArgsValidator.Validate(request);
        Assert.Equal("flux_inpainting", tool);
        Assert.Equal("region above head, hair", args.MaskingPrompt);
        Assert.Equal("a person wearing a mexican sombrero", args.InpaintingPrompt);
        Assert.Equal(RegionSource.Prompt, args.Region);
    }
}
