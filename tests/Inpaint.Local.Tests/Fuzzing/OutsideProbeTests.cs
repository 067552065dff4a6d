using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Inpaint.Local.Demo;
using Inpaint.Shared.Api;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Limits;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// The failures found by probing the local server from outside (issue 17), each as it answers now: malformed
/// multipart, a truncated photo, the Host header in links, body limits, loose JSON, a made-up cursor, odd paths,
/// the 402's type. Over HTTP against the real stack with the product's default limits.
/// </summary>
[Collection(ApiStackCollection.Name)]
public sealed class OutsideProbeTests(ApiStackFixture api)
{
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? key = null)
    {
        request.Headers.TryAddWithoutValidation("X-Api-Key", key ?? api.FuzzKey);
        return api.Http.SendAsync(request);
    }

    static HttpRequestMessage Post(string path, byte[] body, string? contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    static HttpRequestMessage Json(string path, string json, string contentType = "application/json") => Post(path, Encoding.UTF8.GetBytes(json), contentType);

    Task<long> BalanceAsync(string user = ApiStackFixture.FuzzUser) => api.Stack.Services.GetRequiredService<CreditLedger>().BalanceAsync(user);

    [Theory]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nbroken")]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc")]
    [InlineData("multipart/form-data; boundary=\"\"", "----\r\n")]
    public async Task A_malformed_multipart_upload_is_a_400_naming_file(string contentType, string body)
    {
        using var response = await this.SendAsync(Post("v2/uploads", Encoding.ASCII.GetBytes(body), contentType));
        var problem = await ProblemBody.AssertAsync(response, 400, $"upload as {contentType}");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
    }

    [Fact]
    public async Task The_sample_photo_cut_in_half_is_refused_on_upload_data_uri_and_preview_and_charges_nothing()
    {
        var whole = await File.ReadAllBytesAsync(DemoOptions.SamplePath("astronaut.png"));
        var half = whole[..(whole.Length / 2)];
        var before = await this.BalanceAsync();

        using (var upload = await this.SendAsync(Post("v2/uploads", half, "image/png")))
        {
            var problem = await ProblemBody.AssertAsync(upload, 400, "upload of half a PNG");
            Assert.Contains("truncated or corrupt", problem.GetProperty("detail").GetString());
        }

        var body = api.ValidCreate();
        body["args"]!["image"] = "data:image/png;base64," + Convert.ToBase64String(half);
        foreach (var path in new[] { "v2/tasks/create", "v2/masks/preview" })
        {
            using var response = await this.SendAsync(Json(path, body.ToJsonString()));
            var problem = await ProblemBody.AssertAsync(response, 400, $"{path} with half a PNG as a data URI");
            Assert.Contains("truncated or corrupt", problem.GetProperty("errors").GetProperty("image")[0].GetString());
        }

        Assert.Equal(before, await this.BalanceAsync());
    }

    [Fact]
    public async Task Links_name_the_server_never_the_Host_header()
    {
        var body = api.ValidCreate();
        body["args"]!["n_samples"] = 4;
        body["args"]!["resolution"] = 1536;
        using var create = Json("v2/tasks/create", body.ToJsonString());
        create.Headers.Host = "evil.example";
        using var created = await this.SendAsync(create);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var envelope = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = envelope["task"]!["_id"]!.GetValue<string>();
        Assert.Equal($"{api.Stack.BaseAddress}v2/tasks/{id}/status", envelope["links"]!["statusQueryGetUri"]!.GetValue<string>());
        Assert.Equal($"{api.Stack.BaseAddress}v2/tasks/{id}/cancel", envelope["links"]!["cancelPostUri"]!.GetValue<string>());

        // While it runs, /status answers 202 with a Location on the server as well.
        using var status = new HttpRequestMessage(HttpMethod.Get, $"v2/tasks/{id}/status");
        status.Headers.Host = "evil.example";
        using var polled = await this.SendAsync(status);
        if (polled.StatusCode == HttpStatusCode.Accepted)
            Assert.Equal(new Uri($"{api.Stack.BaseAddress}v2/tasks/{id}/status"), polled.Headers.Location);
        else
            Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        using var cancel = await this.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v2/tasks/{id}/cancel"));
    }

    [Fact]
    public async Task A_valid_38_9_MB_upload_and_a_52_MB_create_body_are_read_as_the_README_promises()
    {
        // Kestrel's default of 30,000,000 bytes refused both with a 413; the limits are 50 MiB per file and
        // twice that per JSON body.
        var png = NoisePng(3610, 3600);
        Assert.InRange(png.Length, 38_900_000, 40_000_000);
        using (var upload = await this.SendAsync(Post("v2/uploads", png, "image/png")))
            Assert.True(upload.IsSuccessStatusCode, $"upload of {png.Length} bytes answered {(int)upload.StatusCode}: {await upload.Content.ReadAsStringAsync()}");

        // A 52 MB body is read whole and judged on its content (a prompt far over its limit), not refused for its size.
        var body = api.ValidCreate();
        body["args"]!["inpainting_prompt"] = new string('a', 52_000_000);
        using var create = await this.SendAsync(Json("v2/tasks/create", body.ToJsonString()));
        var problem = await ProblemBody.AssertAsync(create, 400, "a 52 MB create");
        Assert.Contains("at most 2000 characters", problem.GetProperty("errors").GetProperty("inpainting_prompt")[0].GetString());
    }

    [Fact]
    public async Task Every_endpoint_carries_its_body_limit_for_the_server_to_enforce()
    {
        var limits = api.Stack.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var endpoints = api.Stack.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/media/", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var limit = endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
            var expected = endpoint.RoutePattern.RawText switch
            {
                "/v2/uploads" or "/media/upload" => RequestBodyLimits.Upload(limits),
                "/v2/tasks/create" or "/v2/tasks/cost" or "/v2/masks/preview" => RequestBodyLimits.Json(limits),
                _ => RequestBodyLimits.Bodiless,
            };
            Assert.True(limit == RequestBodyLimits.ServerCeiling(expected), $"{endpoint.DisplayName}: server limit {limit}, expected the ceiling of {expected}");
        }

        // Over the upload limit by one byte: a 413 problem that names the limit.
        using var over = await this.SendAsync(Post("v2/uploads", new byte[limits.MaxUploadBytes + 1], "image/png"));
        var problem = await ProblemBody.AssertAsync(over, 413, "upload over the limit");
        Assert.Contains($"{limits.MaxUploadBytes}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_repeated_argument_is_refused_naming_it_and_charges_nothing()
    {
        var before = await this.BalanceAsync();
        var json = $$$"""{"tool":"flux_inpainting","args":{"image":"{{{api.Photo}}}","mask_image":"{{{api.Mask}}}","n_samples":1,"n_samples":4}}""";
        using var response = await this.SendAsync(Json("v2/tasks/create", json));
        var problem = await ProblemBody.AssertAsync(response, 400, "duplicate n_samples");
        Assert.Contains("appears more than once", problem.GetProperty("errors").GetProperty("n_samples")[0].GetString());
        Assert.Equal(before, await this.BalanceAsync());
    }

    [Fact]
    public async Task A_case_variant_name_is_refused_naming_it()
    {
        var json = $$$"""{"Tool":"flux_inpainting","args":{"image":"{{{api.Photo}}}","mask_image":"{{{api.Mask}}}"}}""";
        using var response = await this.SendAsync(Json("v2/tasks/create", json));
        var problem = await ProblemBody.AssertAsync(response, 400, "\"Tool\"");
        Assert.Contains("did you mean 'tool'", problem.GetProperty("errors").GetProperty("Tool")[0].GetString());

        var args = $$$"""{"tool":"flux_inpainting","args":{"image":"{{{api.Photo}}}","mask_image":"{{{api.Mask}}}","Resolution":512}}""";
        using var arg = await this.SendAsync(Json("v2/tasks/create", args));
        problem = await ProblemBody.AssertAsync(arg, 400, "\"Resolution\"");
        Assert.Contains("did you mean 'resolution'", problem.GetProperty("errors").GetProperty("Resolution")[0].GetString());
    }

    [Theory]
    [InlineData("v2/tasks/create", "text/plain")]
    [InlineData("v2/masks/preview", "text/plain; charset=utf-8")]
    [InlineData("v2/tasks/create", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_declared_json_is_a_415(string path, string contentType)
    {
        var before = await this.BalanceAsync();
        using var response = await this.SendAsync(Json(path, api.ValidCreate().ToJsonString(), contentType));
        var problem = await ProblemBody.AssertAsync(response, 415, $"{path} as {contentType}");
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await this.BalanceAsync());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("aGVsbG8gd29ybGQ")]
    public async Task A_cursor_that_is_not_ours_is_a_400_naming_cursor(string cursor)
    {
        using var response = await this.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v2/tasks?cursor={cursor}"));
        var problem = await ProblemBody.AssertAsync(response, 400, $"cursor={cursor}");
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task A_cursor_the_api_returned_still_pages()
    {
        using var first = await this.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/tasks?limit=1"));
        var page = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var next = page["nextCursor"]?.GetValue<string>();
        if (next is null) return;   // one task only: nothing to page through
        using var second = await this.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v2/tasks?limit=1&cursor={next}"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Theory]
    [InlineData("GET", "v2/tasks/%2e%2e/status", 404)]
    [InlineData("GET", "v2/nothing-here", 404)]
    [InlineData("DELETE", "v2/tasks/create", 405)]
    [InlineData("GET", "v2/tasks/create", 404)]
    [InlineData("PUT", "v2/uploads", 405)]
    public async Task Odd_paths_and_methods_get_problem_bodies(string method, string path, int status)
    {
        using var response = await this.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await ProblemBody.AssertAsync(response, status, $"{method} {path}");
    }

    [Fact]
    public async Task A_null_character_in_the_path_is_refused_by_kestrel_before_the_api_and_the_server_lives_on()
    {
        // Kestrel refuses a request target that decodes to a NUL itself, at the protocol level: 400, no body,
        // connection closed; no application code runs, so no problem body can be written (documented limit).
        var answer = await RawHttp.SendAsync(api.Stack.BaseAddress,
            $"GET /v2/tasks/x%00y HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {api.FuzzKey}\r\nConnection: close", []);
        Assert.Equal(400, answer.Status);
        Assert.True(answer.ClosesConnection);
        using var alive = await this.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/tasks?limit=1"));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task The_402_problem_has_a_type()
    {
        var body = api.ValidCreate();
        body["args"]!["image"] = "data:image/png;base64," + Convert.ToBase64String(Png(64, 48));
        body["args"]!["mask_image"] = "data:image/png;base64," + Convert.ToBase64String(MaskPng(64, 48));
        using var response = await this.SendAsync(Json("v2/tasks/create", body.ToJsonString()), api.PoorKey);
        var problem = await ProblemBody.AssertAsync(response, 402, "create without credits");
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.3", problem.GetProperty("type").GetString());
        Assert.Equal(0, await this.BalanceAsync(ApiStackFixture.PoorUser));
    }

    static byte[] NoisePng(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        var random = new Random(17);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++) random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.GetRowSpan(y)));
        });
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression, ColorType = PngColorType.Rgb });
        return stream.ToArray();
    }

    static byte[] Png(int width, int height)
    {
        using var image = Inpaint.Testing.TestImages.Photo(width, height);
        return Inpaint.Testing.TestImages.Png(image);
    }

    static byte[] MaskPng(int width, int height)
    {
        using var mask = Inpaint.Testing.TestImages.RectangleMask(width, height, new Rectangle(8, 8, 16, 16));
        return Inpaint.Testing.TestImages.Png(mask);
    }
}
