using System.Text;
using System.Text.Json;
using Inpaint.Functions.Http;
using Inpaint.Shared.Api;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Previews;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Uploads;
using Inpaint.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;

namespace Inpaint.Functions.Tests;

/// <summary>The HTTP functions called directly with real request objects, over Azurite and the in-process Durable host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskFunctionsTests(AzuriteFixture azurite)
{
    internal static TaskFunctions Functions(OrchestrationHost host) => new(
        host.Get<TaskCreator>(), host.Get<TaskQueries>(), host.Get<TaskCanceller>(), host.Get<Inpaint.Shared.Events.TaskEventStream>(), host.Get<Inpaint.Shared.Tools.ToolCatalog>(), host.Get<UploadService>(), host.Get<MaskPreviewService>(), host.Get<ApiKeyAuthenticator>(), host.Get<IOptions<LimitsOptions>>());

    internal static HttpRequest Request(OrchestrationHost host, string? key, byte[] body, string contentType)
    {
        var http = new DefaultHttpContext { RequestServices = host.Services };
        http.Request.Method = "POST";
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        http.Request.ContentType = contentType;
        if (key is not null) http.Request.Headers[ApiKeyAuthenticator.HeaderName] = key;
        http.Response.Body = new MemoryStream();
        return http.Request;
    }

    internal static async Task<(int Status, JsonElement Body, string? ContentType)> Execute(HttpRequest request, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext { HttpContext = request.HttpContext });
        var response = request.HttpContext.Response;
        response.Body.Position = 0;
        var text = await new StreamReader(response.Body).ReadToEndAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.ContentType);
    }

    [Fact]
    public async Task Upload_create_and_get_through_the_functions_complete_a_task()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
        var functions = Functions(host);

        using var photo = TestImages.Photo(200, 150);
        using var mask = TestImages.RectangleMask(200, 150, new Rectangle(60, 40, 50, 40));
        var photoRequest = Request(host, key, TestImages.Png(photo), "image/png");
        var (_, photoUpload, _) = await Execute(photoRequest, await functions.UploadAsync(photoRequest));
        var maskRequest = Request(host, key, TestImages.Png(mask), "image/png");
        var (_, maskUpload, _) = await Execute(maskRequest, await functions.UploadAsync(maskRequest));

        var body = JsonSerializer.Serialize(new
        {
            tool = "flux_inpainting",
            args = new
            {
                image = photoUpload.GetProperty("reference").GetString(),
                mask_image = maskUpload.GetProperty("reference").GetString(),
                inpainting_prompt = "sky",
            },
        });
        var create = Request(host, key, Encoding.UTF8.GetBytes(body), "application/json");
        var (status, created, _) = await Execute(create, await functions.CreateAsync(create, host.Client));
        Assert.Equal(200, status);
        var task = created.GetProperty("task");
        foreach (var field in new[] { "_id", "createdAt", "updatedAt", "user", "requester", "tool", "parent_tool", "output_type", "args", "mock", "cost", "handler_id", "status", "error", "result", "performance" })
            Assert.True(task.TryGetProperty(field, out _), $"the task lacks '{field}'");
        Assert.Equal("pending", task.GetProperty("status").GetString());

        var id = task.GetProperty("_id").GetString()!;
        await host.WaitForFinalAsync(id);
        var get = Request(host, key, [], "application/json");
        get.Method = "GET";
        var (getStatus, got, _) = await Execute(get, await functions.GetAsync(get, id));
        Assert.Equal(200, getStatus);
        Assert.Equal("completed", got.GetProperty("task").GetProperty("status").GetString());
        var output = got.GetProperty("task").GetProperty("result")[0].GetProperty("output")[0];
        Assert.Equal(200, output.GetProperty("mediaAttributes").GetProperty("width").GetInt32());
        Assert.Contains("sig=", output.GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_mask_preview_function_answers_the_crop_and_overlay_without_charging()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
        var functions = Functions(host);
        using var photo = TestImages.Photo(200, 150);
        using var mask = TestImages.RectangleMask(200, 150, new Rectangle(60, 40, 50, 40));
        var photoRequest = Request(host, key, TestImages.Png(photo), "image/png");
        var (_, photoUpload, _) = await Execute(photoRequest, await functions.UploadAsync(photoRequest));
        var maskRequest = Request(host, key, TestImages.Png(mask), "image/png");
        var (_, maskUpload, _) = await Execute(maskRequest, await functions.UploadAsync(maskRequest));
        var ledger = host.Get<Inpaint.Shared.Ledger.CreditLedger>();
        var before = await ledger.BalanceAsync(host.User);

        var body = JsonSerializer.Serialize(new
        {
            tool = "flux_inpainting",
            args = new { image = photoUpload.GetProperty("reference").GetString(), mask_image = maskUpload.GetProperty("reference").GetString(), resolution = 512 },
        });
        var preview = Request(host, key, Encoding.UTF8.GetBytes(body), "application/json");
        var (status, answer, _) = await Execute(preview, await functions.PreviewMaskAsync(preview));

        Assert.Equal(200, status);
        Assert.Equal(200, answer.GetProperty("width").GetInt32());
        Assert.Equal(0, answer.GetProperty("cost").GetInt32());
        Assert.StartsWith("data:image/png;base64,", answer.GetProperty("overlay").GetString());
        Assert.True(answer.GetProperty("crop").GetProperty("x").GetInt32() <= 60);
        Assert.Equal(before, await ledger.BalanceAsync(host.User));
    }

    [Fact]
    public async Task A_request_without_a_valid_key_gets_a_401_problem()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var request = Request(host, "ik_not-a-real-key", Encoding.UTF8.GetBytes("{}"), "application/json");
        var (status, body, contentType) = await Execute(request, await Functions(host).CreateAsync(request, host.Client));
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_out_of_range_argument_gets_a_400_problem_naming_the_field_and_limit()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
        var body = """{"tool":"flux_inpainting","args":{"image":"https://example.com/a.png","mask_image":"https://example.com/m.png","resolution":4096}}""";
        var request = Request(host, key, Encoding.UTF8.GetBytes(body), "application/json");
        var (status, problem, contentType) = await Execute(request, await Functions(host).CreateAsync(request, host.Client));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("between 512 and 1536", problem.GetProperty("errors").GetProperty("resolution")[0].GetString());
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nbroken")]
    [InlineData("multipart/form-data", "--x\r\n\r\nabc\r\n--x--\r\n")]
    public async Task A_malformed_multipart_upload_gets_a_400_problem_naming_file_as_on_the_local_host(string contentType, string body)
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
        var request = Request(host, key, Encoding.ASCII.GetBytes(body), contentType);
        var (status, problem, type) = await Execute(request, await Functions(host).UploadAsync(request));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
    }

    [Fact]
    public async Task Loose_json_gets_the_same_refusals_as_on_the_local_host_and_charges_nothing()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
        var ledger = host.Get<Inpaint.Shared.Ledger.CreditLedger>();
        var before = await ledger.BalanceAsync(host.User);
        var functions = Functions(host);

        var duplicate = Request(host, key, """{"tool":"flux_inpainting","args":{"image":"upload:x","n_samples":1,"n_samples":4}}"""u8.ToArray(), "application/json");
        var (status, problem, _) = await Execute(duplicate, await functions.CreateAsync(duplicate, host.Client));
        Assert.Equal(400, status);
        Assert.Contains("more than once", problem.GetProperty("errors").GetProperty("n_samples")[0].GetString());

        var cased = Request(host, key, """{"Tool":"flux_inpainting","args":{}}"""u8.ToArray(), "application/json");
        (status, problem, _) = await Execute(cased, await functions.CreateAsync(cased, host.Client));
        Assert.Equal(400, status);
        Assert.Contains("did you mean 'tool'", problem.GetProperty("errors").GetProperty("Tool")[0].GetString());

        var plain = Request(host, key, """{"tool":"flux_inpainting","args":{}}"""u8.ToArray(), "text/plain");
        (status, problem, _) = await Execute(plain, await functions.PreviewMaskAsync(plain));
        Assert.Equal(415, status);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.16", problem.GetProperty("type").GetString());

        var cursor = Request(host, key, [], "application/json");
        cursor.Method = "GET";
        cursor.QueryString = new QueryString("?cursor=garbage");
        (status, problem, _) = await Execute(cursor, await functions.ListAsync(cursor));
        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));

        Assert.Equal(before, await ledger.BalanceAsync(host.User));
    }

    [Fact]
    public async Task An_unforeseen_exception_is_a_500_problem_not_an_unhandled_crash()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var request = Request(host, null, [], "application/json");
        var result = await ApiCall.RunAsync(request, () => throw new InvalidOperationException("a library failed: secret detail"));
        var (status, problem, type) = await Execute(request, result);
        Assert.Equal(500, status);
        Assert.Equal("application/problem+json", type);
        Assert.DoesNotContain("secret detail", problem.GetRawText());
        Assert.Contains("trace id", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Links_never_come_from_the_host_header()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Api:PublicBaseUrl"] = "https://inpaint.example.com" });
        var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
        var functions = Functions(host);
        using var photo = TestImages.Photo(64, 48);
        using var mask = TestImages.RectangleMask(64, 48, new Rectangle(10, 10, 20, 20));
        var body = JsonSerializer.Serialize(new
        {
            tool = "flux_inpainting",
            args = new { image = "data:image/png;base64," + Convert.ToBase64String(TestImages.Png(photo)), mask_image = "data:image/png;base64," + Convert.ToBase64String(TestImages.Png(mask)) },
        });
        var create = Request(host, key, Encoding.UTF8.GetBytes(body), "application/json");
        create.Host = new HostString("evil.example");
        var (status, created, _) = await Execute(create, await functions.CreateAsync(create, host.Client));
        Assert.Equal(200, status);
        var id = created.GetProperty("task").GetProperty("_id").GetString();
        Assert.Equal($"https://inpaint.example.com/v2/tasks/{id}/status", created.GetProperty("links").GetProperty("statusQueryGetUri").GetString());
        await host.WaitForFinalAsync(id!);
    }
}
