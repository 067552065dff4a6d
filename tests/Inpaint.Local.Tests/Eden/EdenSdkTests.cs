using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Local.Tests.Web;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using static Inpaint.Local.Tests.Eden.EdenSdk;

namespace Inpaint.Local.Tests.Eden;

/// <summary>
/// Eden's own SDK (<c>@edenlabs/eden-sdk</c> 0.4.6, unchanged, from npm) against the local stack, pointed at it with
/// nothing but <c>edenApiUrl</c>: every task call a migrating user makes, each asserted on what the SDK returned.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EdenSdkTests(AzuriteFixture azurite) : IAsyncLifetime
{
    readonly string workDirectory = AzuriteFixture.NewDataDirectory();
    LocalStack stack = null!;
    Dictionary<string, string> images = null!;

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        this.stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        Directory.CreateDirectory(this.workDirectory);
        string photo = Path.Combine(this.workDirectory, "photo.png");
        string mask = Path.Combine(this.workDirectory, "mask.png");
        using (var image = TestImages.Photo(320, 240)) image.SaveAsPng(photo);
        using (var region = TestImages.RectangleMask(320, 240, new Rectangle(120, 80, 80, 60))) region.SaveAsPng(mask);
        this.images = new Dictionary<string, string> { ["PHOTO"] = photo, ["MASK"] = mask };
    }

    public async Task DisposeAsync()
    {
        await this.stack.DisposeAsync();
        AzuriteFixture.DeleteDirectory(this.workDirectory);
    }

    Task<JsonObject> Run(string script, string key, IDictionary<string, string>? extra = null) =>
        RunAsync(script, this.stack.BaseAddress, key, extra is null ? this.images : this.images.Concat(extra).ToDictionary());

    [Fact]
    public async Task Upload_cost_create_without_awaiting_and_get_work_through_the_sdk()
    {
        string key = await TestStacks.NewUserKeyAsync(this.stack);
        var seen = await Run("upload-cost-create-get.cjs", key);

        var photo = seen["photo"]!;
        Assert.StartsWith("http", Text(photo["url"]));
        Assert.Equal(320, Number(photo["mediaAttributes"]!["width"]));
        Assert.Equal(4, Number(seen["cost"]!["cost"]));

        var created = seen["created"]!;
        Assert.Equal(24, Text(created["_id"]).Length);
        Assert.Equal("pending", Text(created["status"]));
        Assert.Equal(4, Number(created["cost"]));
        // The media url was recognised as the caller's own upload and read from storage: the task keeps the upload.
        Assert.StartsWith("upload:", Text(created["args"]!["image"]));
        Assert.StartsWith("upload:", Text(created["args"]!["mask_image"]));
        Assert.Equal(Text(created["_id"]), Text(seen["got"]!["_id"]));
        Assert.Equal(7, Number(seen["got"]!["args"]!["seed"]));
    }

    [Fact]
    public async Task Create_awaiting_the_result_follows_the_task_events_to_the_completed_result()
    {
        string key = await TestStacks.NewUserKeyAsync(this.stack);
        var seen = await Run("create-await.cjs", key);

        var result = seen["result"] as JsonArray;
        Assert.True(result is { Count: 2 }, $"createV2 returned {Show(seen["result"])}; the SDK logged:\n{Text(seen[LogField])}");
        foreach (var sample in result!)
        {
            var output = sample!["output"]![0]!;
            Assert.StartsWith("http", Text(output["url"]));
            Assert.Equal("image", Text(output["mediaAttributes"]!["type"]));
            Assert.Equal(320, Number(output["mediaAttributes"]!["width"]));
            Assert.StartsWith("http", Text(sample["intermediate_outputs"]!["inpaint_preview"]![0]!["url"]));
            Assert.StartsWith("http", Text(sample["intermediate_outputs"]!["inpaint_mask"]![0]!["url"]));
        }

        Assert.Equal("completed", Text(seen["task"]!["status"]));
    }

    [Fact]
    public async Task List_pages_by_number_and_filters_by_id_status_tool_type_and_output_type()
    {
        string key = await TestStacks.NewUserKeyAsync(this.stack);
        var client = new Inpaint.Local.Client.InpaintApiClient(new HttpClient { BaseAddress = this.stack.BaseAddress }, key);
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var task = await client.CreateTaskAsync("flux_inpainting", new JsonObject
            {
                ["image"] = await client.UploadAsync(this.images["PHOTO"], default),
                ["mask_image"] = await client.UploadAsync(this.images["MASK"], default),
                ["resolution"] = 512,
            }, default);
            ids.Add(task["_id"]!.GetValue<string>());
            await client.WaitForTaskAsync(ids[^1], null, TimeSpan.FromMinutes(2), default);
        }

        ids.Reverse(); // newest first, as the list answers
        var seen = await Run("list.cjs", key, new Dictionary<string, string> { ["TASK_IDS"] = string.Join(",", ids) });

        var first = seen["first"]!;
        Assert.Equal(ids.Take(2), Ids(first));
        Assert.Equal(3, Number(first["total"]));
        Assert.Equal(2, Number(first["pages"]));
        Assert.Equal(1, Number(first["pagingCounter"]));
        Assert.True(first["hasNextPage"]!.GetValue<bool>());
        Assert.False(first["hasPrevPage"]!.GetValue<bool>());
        Assert.Equal(2, Number(first["nextPage"]));
        Assert.Null(first["prevPage"]);

        var second = seen["second"]!;
        Assert.Equal(ids.Skip(2), Ids(second));
        Assert.Equal(3, Number(second["pagingCounter"]));
        Assert.False(second["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(1, Number(second["prevPage"]));

        Assert.Equal([ids[0], ids[2]], Ids(seen["byId"]!));
        Assert.Equal(ids, Ids(seen["byStatus"]!));
        Assert.Equal(ids, Ids(seen["creations"]!));
        Assert.Empty(Ids(seen["otherTool"]!));
        Assert.Empty(Ids(seen["concepts"]!));
        Assert.Empty(Ids(seen["videos"]!));
    }

    [Fact]
    public async Task Cancel_answers_the_task_status_and_a_second_cancel_is_refused()
    {
        string key = await TestStacks.NewUserKeyAsync(this.stack);
        var seen = await Run("cancel.cjs", key);

        Assert.Equal("cancelled", Text(seen["cancelled"]!["taskStatus"]));
        Assert.Equal("cancelled", Text(seen["got"]!["status"]));
        // Nothing delivered yet at the cancel (or only what the result shows): the cost is what was delivered.
        int delivered = (seen["got"]!["result"] as JsonArray)?.Count ?? 0;
        Assert.Equal(2 * delivered, Number(seen["got"]!["cost"]));
        Assert.Equal(409, Number(seen["again"]));
    }

    [Fact]
    public async Task A_token_is_accepted_as_a_bearer_key_and_a_wrong_one_is_a_401()
    {
        string key = await TestStacks.NewUserKeyAsync(this.stack);
        var seen = await Run("bearer.cjs", key);

        Assert.Equal(2, Number(seen["cost"]!["cost"]));
        Assert.Equal(Text(seen["created"]!["_id"]), Text(seen["got"]!["_id"]));
        Assert.Equal([Text(seen["created"]!["_id"])], Ids(seen["listed"]!));
        Assert.Equal(401, Number(seen["wrong"]));
        var tool = seen["tool"]!["tool"]!;
        Assert.Equal("flux_inpainting", Text(tool["key"]));
        Assert.Contains(tool["parameters"]!.AsArray(), p => Text(p!["name"]) == "n_samples" && Number(p["maximum"]) == 4);
        Assert.Single(seen["tools"]!["tools"]!.AsArray());
    }

    [Fact]
    public async Task Another_users_media_url_is_refused_as_an_image()
    {
        string owner = await TestStacks.NewUserKeyAsync(this.stack);
        var uploaded = await Run("upload-cost-create-get.cjs", owner);
        string stranger = await TestStacks.NewUserKeyAsync(this.stack);

        var seen = await Run("foreign-upload.cjs", stranger, new Dictionary<string, string> { ["FOREIGN_URL"] = Text(uploaded["photo"]!["url"]) });
        Assert.Equal(400, Number(seen["refused"]));
    }

    static List<string> Ids(JsonNode page) => page["docs"]!.AsArray().Select(t => Text(t!["_id"])).ToList();
}
