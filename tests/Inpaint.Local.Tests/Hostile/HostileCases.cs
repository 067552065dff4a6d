using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>The catalogue of hostile requests against the API, each with its exact expected status and field.</summary>
public static class HostileCases
{
    const string Tool = "flux_inpainting";

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static HostileCase Named(string name) => All.Single(c => c.Name == name);

    static List<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        void Upload(string name, Func<byte[]> bytes, int status = 400, string? field = "file", string? detail = null)
            => cases.Add(new(name, _ => Raw(HttpMethod.Post, "v2/uploads", bytes(), "application/octet-stream"), status, field, detail));
        void InlineImage(string name, Func<string> dataUri, string? detail = null)
            => cases.Add(new(name, f => Create(f, a => a["image"] = dataUri()), 400, "image", detail));
        void Arg(string name, string arg, JsonNode? value, string? field = null)
            => cases.Add(new(name, f => Create(f, a => a[arg] = value?.DeepClone()), 400, field ?? arg));
        void Body(string name, Func<byte[]> body, int status = 400, string? field = "body", string? detail = null)
            => cases.Add(new(name, _ => Raw(HttpMethod.Post, "v2/tasks/create", body(), "application/json"), status, field, detail));

        // Files: truncated, corrupt, bombs, animation, formats we do not take.
        Upload("upload: zero bytes", () => [], detail: "empty");
        Upload("upload: truncated PNG", () => HostileFiles.Truncated(HostileFiles.Png(64, 64)), detail: "truncated or corrupt");
        Upload("upload: truncated JPEG", () => HostileFiles.Truncated(HostileFiles.Jpeg(64, 64)), detail: "corrupt");
        Upload("upload: truncated WebP", () => HostileFiles.Truncated(HostileFiles.Webp(64, 64)), detail: "truncated or corrupt");
        Upload("upload: PNG signature then garbage", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. HostileFiles.Random(200, 1)]);
        Upload("upload: PNG with a bad IDAT checksum", HostileFiles.PngWithBadCrc);
        Upload("upload: JPEG signature then garbage", () => [0xFF, 0xD8, 0xFF, .. HostileFiles.Random(500, 2)]);
        Upload("upload: WebP signature then garbage", () => [.. "RIFF"u8, 0xF4, 0x01, 0, 0, .. "WEBP"u8, .. HostileFiles.Random(500, 3)]);
        Upload("upload: random bytes", () => HostileFiles.Random(4096, 4), detail: "not a recognised image");
        Upload("upload: PNG header 100000×100000 (bomb)", () => HostileFiles.PngHeader(100_000, 100_000), detail: "at most 4000 px");
        Upload("upload: PNG header 2^31−1 wide", () => HostileFiles.PngHeader(int.MaxValue, 1));
        Upload("upload: PNG header 0×0", () => HostileFiles.PngHeader(0, 0));
        Upload("upload: PNG 3000×3000 of zeros (deflate bomb over the pixel limit)",
            () => HostileFiles.Solid(3000, 3000, new Rgba32(0, 0, 0, 0)), detail: "the limit is 4,000,000");
        Upload("upload: JPEG claiming 60000×60000", () => HostileFiles.JpegClaiming(60000, 60000));
        Upload("upload: WebP canvas 16384×16384", HostileFiles.WebpCanvasBomb, detail: "16384×16384");
        Upload("upload: animated WebP, 2 frames", () => HostileFiles.AnimatedWebp(2, 16), detail: "animated WebP images are not accepted");
        Upload("upload: animated WebP frame bomb (300 frames on a 2000² canvas)", () => HostileFiles.AnimatedWebp(300), detail: "animated WebP images are not accepted");
        Upload("upload: animated GIF", HostileFiles.AnimatedGif, detail: "GIF images are not accepted");
        Upload("upload: GIF", HostileFiles.Gif, detail: "GIF images are not accepted");
        Upload("upload: TIFF", HostileFiles.Tiff, detail: "TIFF images are not accepted");
        Upload("upload: BMP", HostileFiles.Bmp, detail: "BMP images are not accepted");
        Upload("upload: SVG", HostileFiles.Svg, detail: "SVG images are not accepted");
        Upload("upload: HEIC", HostileFiles.Heic, detail: "HEIC/HEIF images are not accepted");
        Upload("upload: over the byte limit", () => new byte[HostileStackFixture.MaxUploadBytes + 1], 413, null, "larger than the limit");
        cases.Add(new("upload: multipart without a file", _ =>
        {
            var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
            return new HttpRequestMessage(HttpMethod.Post, "v2/uploads") { Content = form };
        }, 400, "file"));

        // Inline images: data URIs that lie or are broken.
        InlineImage("data URI: GIF declared as PNG", () => DataUri("image/png", HostileFiles.Gif()), "GIF images are not accepted");
        InlineImage("data URI: SVG declared as PNG", () => DataUri("image/png", HostileFiles.Svg()), "SVG images are not accepted");
        InlineImage("data URI: truncated JPEG declared as JPEG", () => DataUri("image/jpeg", HostileFiles.Truncated(HostileFiles.Jpeg(64, 64))), "corrupt");
        InlineImage("data URI: animated WebP declared as PNG", () => DataUri("image/png", HostileFiles.AnimatedWebp(3, 16)), "animated WebP images are not accepted");
        InlineImage("data URI: not base64", () => "data:image/png,%89PNG", "base64");
        InlineImage("data URI: invalid base64", () => "data:image/png;base64,@@@@", "invalid base64");
        InlineImage("data URI: empty", () => "data:image/png;base64,");

        // Arguments: out of range, wrong types, unknown, references.
        Arg("resolution below range", "resolution", 100);
        Arg("resolution above range", "resolution", 4096);
        Arg("resolution as text", "resolution", "big");
        Arg("resolution fractional", "resolution", 1024.5);
        Arg("resolution as an array", "resolution", new JsonArray(1024));
        Arg("creativity above range", "creativity", 2);
        Arg("creativity as text", "creativity", "0.5");
        Arg("mask_blur negative", "mask_blur", -1);
        Arg("mask_expand above range", "mask_expand", 65);
        Arg("n_samples zero", "n_samples", 0);
        Arg("n_samples five", "n_samples", 5);
        Arg("seed negative", "seed", -1);
        Arg("seed above int range", "seed", 3_000_000_000L);
        Arg("output_format gif", "output_format", "gif");
        Arg("use_rembg as text", "use_rembg", "yes");
        Arg("color_match as a number", "color_match", 1);
        Arg("masking_prompt 2001 characters", "masking_prompt", new string('a', 2001));
        Arg("inpainting_prompt as an object", "inpainting_prompt", new JsonObject());
        Arg("unknown argument", "strength", 0.5);
        Arg("image as a number", "image", 42);
        Arg("image as a file URL", "image", "file:///etc/passwd");
        Arg("image as an ftp URL", "image", "ftp://example.com/a.png");
        Arg("image as a javascript URL", "image", "javascript:alert(1)");
        Arg("image upload that does not exist", "image", "upload:000000000000000000000000");
        Arg("image upload with a path", "image", "upload:../../keys");
        Arg("mask_image that selects nothing (all black)", "mask_image", null, "mask_image");   // replaced below
        cases[^1] = new("mask_image that selects nothing (all black)",
            f => Create(f, a => a["mask_image"] = DataUri("image/png", HostileFiles.Solid(64, 48, new Rgba32(0, 0, 0, 255)))), 400, "mask_image", "selects no pixels");
        cases.Add(new("mask_image fully transparent", f => Create(f, a => a["mask_image"] = DataUri("image/png", HostileFiles.Solid(64, 48, new Rgba32(255, 255, 255, 0)))),
            400, "mask_image", "selects no pixels"));
        cases.Add(new("no region at all", f => Create(f, a => a.Remove("mask_image")), 400, "mask_image"));
        cases.Add(new("masking_prompt on a server without a region engine", f => Create(f, a => { a.Remove("mask_image"); a["masking_prompt"] = "hat"; }), 400, "masking_prompt"));
        cases.Add(new("unknown tool", f => Create(f, _ => { }, tool: "rm -rf"), 400, "tool"));
        cases.Add(new("missing tool", f => Create(f, _ => { }, tool: null), 400, "tool"));
        Body("args is a string", () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":\"image\"}"), field: "args");
        Body("unknown top-level field", () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":{},\"webhook\":\"http://169.254.169.254/\"}"), field: "webhook");

        // Bodies: empty, not JSON, invalid UTF-8, nesting, sizes.
        Body("body empty", () => [], detail: "empty");
        Body("body not JSON", () => "tool=flux_inpainting"u8.ToArray());
        Body("body JSON null", () => "null"u8.ToArray());
        Body("body a JSON array", () => "[1,2,3]"u8.ToArray());
        Body("body invalid UTF-8", () => [.. "{\"tool\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\",\"args\":{}}"u8]);
        Body("body with a lone surrogate escape in a prompt",
            () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":{\"image\":\"upload:x\",\"inpainting_prompt\":\"\\ud800\"}}"), field: "inpainting_prompt");
        Body("body with a lone surrogate escape in an argument name",
            () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":{\"\\udc00\":1}}"), field: "args");
        Body("body with a lone surrogate escape in the tool",
            () => Encoding.UTF8.GetBytes("{\"tool\":\"\\ud800\",\"args\":{}}"), field: "tool");
        Body("body nested 100000 deep", () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":" + new string('[', 100_000) + new string(']', 100_000) + "}"));
        Body("args nested 60 deep under an unknown name", () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":{\"deep\":" + new string('[', 60) + new string(']', 60) + "}}"), field: "deep");
        Body("body 10 MB JSON (a 10 MB prompt)", () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":{\"image\":\"upload:x\",\"inpainting_prompt\":\"" + new string('a', 10_000_000) + "\"}}"), field: "inpainting_prompt");
        Body("body 10 MB of one number", () => Encoding.UTF8.GetBytes("{\"tool\":\"flux_inpainting\",\"args\":{\"resolution\":" + new string('9', 10_000_000) + "}}"), field: "resolution");
        Body("body over the JSON limit", () => new byte[(2 * HostileStackFixture.MaxUploadBytes) + 1], 413, null, "larger than the limit");

        // Headers, routes, query strings.
        cases.Add(new("Idempotency-Key of 300 characters", f =>
        {
            var request = Create(f, _ => { });
            request.Headers.Add("Idempotency-Key", new string('k', 300));
            return request;
        }, 400, "Idempotency-Key"));
        cases.Add(new("no API key", _ => WithKey(new HttpRequestMessage(HttpMethod.Get, "v2/tasks"), ""), 401, null));
        cases.Add(new("unknown API key", _ => WithKey(new HttpRequestMessage(HttpMethod.Get, "v2/tasks"), "ik_" + new string('0', 48)), 401, null));
        cases.Add(new("API key of 10000 characters", _ => WithKey(new HttpRequestMessage(HttpMethod.Get, "v2/tasks"), new string('k', 10_000)), 401, null));
        cases.Add(new("task id that is not one", _ => new HttpRequestMessage(HttpMethod.Get, "v2/tasks/..%2F..%2Fetc"), 404, null));
        cases.Add(new("cancel a task that does not exist", _ => new HttpRequestMessage(HttpMethod.Post, "v2/tasks/task_does_not_exist/cancel"), 404, null));
        cases.Add(new("list limit zero", _ => new HttpRequestMessage(HttpMethod.Get, "v2/tasks?limit=0"), 400, "limit"));
        cases.Add(new("list limit as text", _ => new HttpRequestMessage(HttpMethod.Get, "v2/tasks?limit=abc"), 400, "limit"));
        cases.Add(new("list status unknown", _ => new HttpRequestMessage(HttpMethod.Get, "v2/tasks?status=deleted"), 400, "status"));
        cases.Add(new("list cursor not base64", _ => new HttpRequestMessage(HttpMethod.Get, "v2/tasks?cursor=!!!"), 400, "cursor"));
        return cases;
    }

    static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        return request;
    }

    static HttpRequestMessage Raw(HttpMethod method, string path, byte[] body, string contentType)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    /// <summary>A valid create request (the fixture's photo and mask) changed by <paramref name="edit"/>.</summary>
    static HttpRequestMessage Create(HostileStackFixture fixture, Action<JsonObject> edit, string? tool = Tool)
    {
        var args = new JsonObject { ["image"] = fixture.Photo, ["mask_image"] = fixture.Mask, ["resolution"] = 512 };
        edit(args);
        var body = new JsonObject { ["tool"] = tool, ["args"] = args };
        return Raw(HttpMethod.Post, "v2/tasks/create", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
    }

    static string DataUri(string type, byte[] bytes) => $"data:{type};base64,{Convert.ToBase64String(bytes)}";
}
