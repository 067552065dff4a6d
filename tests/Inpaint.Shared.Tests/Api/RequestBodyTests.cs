using System.Text;
using Inpaint.Shared.Api;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Tests.Api;

/// <summary>JSON bodies are read strictly: one name once, names as documented, JSON media types only, each refusal naming the field.</summary>
public sealed class RequestBodyTests
{
    private static HttpRequest Request(string body, string? contentType = "application/json", byte[]? raw = null)
    {
        var bytes = raw ?? Encoding.UTF8.GetBytes(body);
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentLength = bytes.Length;
        http.Request.ContentType = contentType;
        return http.Request;
    }

    private static Task<CreateTaskRequest?> Read(HttpRequest request) =>
        RequestBody.ReadJsonAsync<CreateTaskRequest>(request, 1 << 20, CancellationToken.None);

    [Fact]
    public async Task A_repeated_argument_is_refused_naming_it_instead_of_the_last_one_winning()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Read(Request("""{"tool":"flux_inpainting","args":{"image":"upload:x","n_samples":1,"n_samples":4}}""")));
        Assert.Equal(["n_samples"], e.Errors.Keys);
        Assert.Contains("'n_samples' appears more than once in args", e.Errors["n_samples"][0]);
    }

    [Theory]
    [InlineData("""{"tool":"a","tool":"b","args":{}}""", "tool")]
    [InlineData("""{"tool":"a","args":{"n\u005fsamples":1,"n_samples":2}}""", "n_samples")]
    [InlineData("""{"tool":"a","args":{"x":{"y":1,"y":2}}}""", "y")]
    public async Task Duplicates_are_found_at_any_depth_and_through_escapes(string body, string field)
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request(body)));
        Assert.Equal([field], e.Errors.Keys);
    }

    [Fact]
    public async Task A_case_variant_member_name_is_refused_naming_it_and_the_right_spelling()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request("""{"Tool":"flux_inpainting","args":{}}""")));
        Assert.Equal(["Tool"], e.Errors.Keys);
        Assert.Contains("did you mean 'tool'?", e.Errors["Tool"][0]);
    }

    [Fact]
    public async Task An_unknown_member_names_the_fields_there_are()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request("""{"tool":"flux_inpainting","args":{},"webhook":"x"}""")));
        Assert.Equal(["webhook"], e.Errors.Keys);
        Assert.Contains("tool, args", e.Errors["webhook"][0]);
    }

    [Fact]
    public async Task A_member_of_the_wrong_type_is_named_with_the_type_expected()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request("""{"tool":5,"args":{}}""")));
        Assert.Equal(["tool"], e.Errors.Keys);
        Assert.Contains("tool must be a string", e.Errors["tool"][0]);
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_a_member_is_named_as_not_valid_text()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request("""{"tool":"\ud800","args":{}}""")));
        Assert.Equal(["tool"], e.Errors.Keys);
        Assert.Contains("lone UTF-16 surrogate", e.Errors["tool"][0]);
    }

    [Theory]
    [InlineData("""{"\ud800":1,"tool":"a","args":{}}""", "body", "a member name is not valid text")]
    [InlineData("""{"tool":"a","args":{},"\ud800":6.8E+38}""", "body", "a member name is not valid text")]
    [InlineData("""{"tool":"a","args":{"\ud800":1e-400}}""", "args", "a member name in args is not valid text")]
    [InlineData("""{"tool":"a","args":{"x":{"\ud800":1}}}""", "args.x", "a member name in args.x is not valid text")]
    public async Task A_lone_surrogate_escape_in_a_name_is_named_where_it_sits(string body, string field, string message)
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request(body)));
        Assert.Equal([field], e.Errors.Keys);
        Assert.StartsWith(message, e.Errors[field][0]);
    }

    [Theory]
    [InlineData("""{"tool":"a","args":{"resolution":NaN}}""")]
    [InlineData("""{"tool":"a","args":{"resolution":Infinity}}""")]
    [InlineData("""{"tool":"a","args":[1,2""")]
    [InlineData("""{"tool":"a",}""")]
    [InlineData("""{"tool":"a"} trailing""")]
    [InlineData("""{"tool":"a" /* comment */}""")]
    public async Task Malformed_json_is_a_body_error_that_says_where(string body)
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Read(Request(body)));
        Assert.Equal(["body"], e.Errors.Keys);
        Assert.Contains("the body is not valid JSON (line 1, byte", e.Errors["body"][0]);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_ignored()
    {
        var request = await Read(Request("", raw: [0xEF, 0xBB, 0xBF, .. """{"tool":"flux_inpainting","args":{}}"""u8]));
        Assert.Equal("flux_inpainting", request!.Tool);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/merge-patch+json")]
    public async Task Json_media_types_or_none_are_read(string? contentType)
    {
        var request = await Read(Request("""{"tool":"flux_inpainting","args":{}}""", contentType));
        Assert.Equal("flux_inpainting", request!.Tool);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("image/png")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("not a media type")]
    public async Task Other_media_types_are_415_saying_what_to_send(string contentType)
    {
        var e = await Assert.ThrowsAsync<BadHttpRequestException>(() => Read(Request("""{"tool":"flux_inpainting","args":{}}""", contentType)));
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, e.StatusCode);
        Assert.Contains(contentType.Contains("utf-16", StringComparison.Ordinal) ? "send the JSON body in UTF-8" : "send the body as application/json", e.Message);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_naming_the_limit()
    {
        var e = await Assert.ThrowsAsync<BadHttpRequestException>(() =>
            RequestBody.ReadJsonAsync<CreateTaskRequest>(Request(new string(' ', 2000)), 1000, CancellationToken.None));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, e.StatusCode);
        Assert.Contains("1000 bytes", e.Message);
    }
}
