using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Inpaint.Local.Client;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>
/// Who may see what, over HTTP on the local stack: keys are kept as hashes only; another user's task is a 404
/// on every route and never listed; another user's upload cannot be used; result links work without a key,
/// expire, and refuse writes and deletes (Azurite checks the SAS permissions as Azure does).
/// </summary>
public sealed class AccessTests(HostileStackFixture stack) : IClassFixture<HostileStackFixture>
{
    [Fact]
    public async Task Keys_are_stored_only_as_their_hash()
    {
        var tables = stack.Stack.Services.GetRequiredService<StorageClients>().Tables.GetTableClient(TableNames.ApiKeys);
        var rows = new List<TableEntity>();
        await foreach (var row in tables.QueryAsync<TableEntity>()) rows.Add(row);
        Assert.NotEmpty(rows);
        var everything = string.Join("\n", rows.SelectMany(r => r.Select(p => $"{p.Key}={p.Value}")));
        foreach (var key in new[] { stack.Stack.ApiKey!, stack.OtherKey })
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(key["ik_".Length..], everything, StringComparison.Ordinal);
            Assert.Contains(rows, r => r.PartitionKey == ApiKeyStore.Hash(key));
        }
    }

    [Fact]
    public async Task Another_users_task_upload_and_links_are_refused()
    {
        using var http = new HttpClient { BaseAddress = stack.Stack.BaseAddress };
        var owner = new InpaintApiClient(http, stack.Stack.ApiKey!);
        var created = await owner.CreateTaskAsync("flux_inpainting", new JsonObject { ["image"] = stack.Photo, ["mask_image"] = stack.Mask, ["resolution"] = 512 }, default);
        var id = created["_id"]!.GetValue<string>();
        var task = await owner.WaitForTaskAsync(id, null, TimeSpan.FromSeconds(90), default);
        Assert.Equal("completed", task["status"]!.GetValue<string>());

        // Every route of another user's task answers exactly as for a task that does not exist.
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"v2/tasks/{id}"), (HttpMethod.Get, $"v2/tasks/{id}/status"), (HttpMethod.Post, $"v2/tasks/{id}/cancel") })
        {
            using var response = await stack.SendAsync(new HttpRequestMessage(method, path), stack.OtherKey);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using (var list = await stack.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/tasks?limit=100"), stack.OtherKey))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.DoesNotContain(id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The owner's upload reference is not the other user's to use.
        var body = new JsonObject { ["tool"] = "flux_inpainting", ["args"] = new JsonObject { ["image"] = stack.Photo, ["mask_image"] = stack.Mask } };
        using (var create = await stack.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v2/tasks/create") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") }, stack.OtherKey))
        {
            Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
            var text = await create.Content.ReadAsStringAsync();
            Assert.True(JsonNode.Parse(text)!["errors"]?["image"] is not null, $"the problem does not name the image: {text}");
        }

        // The cancel of a final task by its owner is a 409, and the other user's attempt changed nothing.
        using (var cancel = await stack.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v2/tasks/{id}/cancel")))
            Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);

        // Result link: readable without a key, expiring within the configured lifetime, read-only.
        var url = new Uri(task["result"]![0]!["output"]![0]!["url"]!.GetValue<string>());
        using var anonymous = new HttpClient();
        var original = await anonymous.GetByteArrayAsync(url);
        Assert.NotEmpty(original);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var expires = DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1).AddMinutes(5));
        Assert.DoesNotContain("w", query["sp"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("d", query["sp"]!, StringComparison.Ordinal);

        using (var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) })
        {
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var response = await anonymous.SendAsync(put);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var delete = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url)))
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);

        // A link with its signature altered, or its expiry pushed out, is refused.
        var forged = new UriBuilder(url) { Query = url.Query.TrimStart('?').Replace("se=", "se=2099", StringComparison.Ordinal) };
        using (var extended = await anonymous.GetAsync(forged.Uri))
            Assert.Equal(HttpStatusCode.Forbidden, extended.StatusCode);

        Assert.Equal(original, await anonymous.GetByteArrayAsync(url));
    }
}
