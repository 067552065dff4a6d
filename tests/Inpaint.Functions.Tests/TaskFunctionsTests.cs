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
    private static TaskFunctions Functions(OrchestrationHost host) => new(
        host.Get<TaskCreator>(), host.Get<TaskQueries>(), host.Get<TaskCanceller>(), host.Get<UploadService>(), host.Get<MaskPreviewService>(), host.Get<ApiKeyAuthenticator>(), host.Get<IOptions<LimitsOptions>>());

    private static HttpRequest Request(OrchestrationHost host, string? key, byte[] body, string contentType)
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

    private static async Task<(int Status, JsonElement Body, string? ContentType)> Execute(HttpRequest request, IActionResult result)
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
        var (getStatus, got, _) = await Execute(get, await functions.GetAsync(get, id, host.Client));
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
}
