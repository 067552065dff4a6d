using System.Text;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// Requests that once got a 5xx, an empty 4xx or a non-problem body (found by probing from outside and by the
/// fuzzer), replayed by <see cref="ApiFuzzTests.Regression_requests_get_their_problem"/> with the fuzzer's checks.
/// A new finding gets a line here, built from the request the fuzzer printed.
/// </summary>
public static class FuzzRegressions
{
    static readonly Dictionary<string, Func<ApiStackFixture, FuzzRequest>> Cases = new()
    {
        ["upload: multipart '--x\\r\\nbroken' (InvalidDataException, was 500)"] = f =>
            Post("/v2/uploads", f.FuzzKey, "multipart/form-data; boundary=x", "--x\r\nbroken"),
        ["upload: multipart without a boundary (was 500)"] = f =>
            Post("/v2/uploads", f.FuzzKey, "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n"),
        ["upload: multipart boundary over 70 characters"] = f =>
            Post("/v2/uploads", f.FuzzKey, $"multipart/form-data; boundary={new string('b', 100)}", $"--{new string('b', 100)}\r\n\r\n"),
        ["create: text/plain body (was parsed as JSON)"] = f =>
            Post("/v2/tasks/create", f.FuzzKey, "text/plain", f.ValidCreate().ToJsonString()),
        ["create: webhook_url with a lone surrogate escape (InvalidOperationException)"] = f =>
            Post("/v2/tasks/create", f.FuzzKey, "application/json",
                $$$"""{"tool":"flux_inpainting","args":{"image":"{{{f.Photo}}}","mask_image":"{{{f.Mask}}}","webhook_url":"\ud800"}}"""),
        ["create: lone surrogate escapes as member names, top level and in args (was 500)"] = f =>
            Post("/v2/tasks/create?taskId=completed", f.FuzzKey, "application/json",
                $$$"""{"tool":"flux_inpainting","args":{"image":"{{{f.Photo}}}","mask_image":"{{{f.Mask}}}","resolution":512,"\ud800":1e-400,"inpainting_prompt":["a"]},"\ud800":6.801E+38,"Image":"data:image/png;base64,iVBORw0KGgo="}"""),
        ["preview: a lone surrogate escape as a member name, mistyped fields, headers twice (was 500)"] = f =>
            new FuzzRequest("/v2/masks/preview", "POST", "/v2/masks/preview??",
                [new("X-Api-Key", f.FuzzKey), new("Idempotency-Key", new string('k', 300)), new("X-Forwarded-Host", "evil.example"),
                 new("Idempotency-Key", new string('k', 300)), new("Content-Type", "application/json")],
                Encoding.UTF8.GetBytes($$$"""{"tool":154805.87096774194,"args":true,"image":-1,"\ud800":"{{{new string('a', 2000)}}}"}""")),
        ["create: a duplicated tool (last one won)"] = f =>
            Post("/v2/tasks/create", f.FuzzKey, "application/json", """{"tool":"x","tool":"flux_inpainting","args":{}}"""),
        ["no route, Accept: application/xml (status pages answered text/plain)"] = f =>
            new FuzzRequest("/v2/nothing", "GET", "/v2/nothing", [new("X-Api-Key", f.FuzzKey), new("Accept", "application/xml")], null),
        ["task id %2e%2e (was an empty 404)"] = f =>
            new FuzzRequest("/v2/tasks/{id}/status", "GET", "/v2/tasks/%2e%2e/status", [new("X-Api-Key", f.FuzzKey)], null),
        ["list cursor=garbage (was the first page)"] = f =>
            new FuzzRequest("/v2/tasks", "GET", "/v2/tasks?cursor=garbage", [new("X-Api-Key", f.FuzzKey)], null),
        ["create: Content-Length longer than the body"] = f =>
            Post("/v2/tasks/create", f.FuzzKey, "application/json", "{\"tool\":", RawFraming.LongerThanSent),
        ["upload: chunked with a bad chunk"] = f =>
            Post("/v2/uploads", f.FuzzKey, "image/png", "abc", RawFraming.BadChunks),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    public static FuzzRequest Build(string name, ApiStackFixture fixture) => Cases[name](fixture);

    static FuzzRequest Post(string path, string key, string contentType, string body, string? framing = null) =>
        new(path, "POST", path, [new("X-Api-Key", key), new("Content-Type", contentType)], Encoding.UTF8.GetBytes(body), framing);
}
