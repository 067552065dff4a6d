using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Keys;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Ledger;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Local.Tests.Web;

/// <summary><c>POST /v2/masks/preview</c> over HTTP on the local stack: region + refinement without generation, free.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MaskPreviewApiTests(AzuriteFixture azurite) : IDisposable
{
    const int Width = 256;
    const int Height = 192;
    static readonly Rectangle Hole = new(96, 64, 48, 40);

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task Preview_of_an_uploaded_mask_follows_expand_and_blur_and_costs_nothing()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, stack.ApiKey!);
        var (photo, mask) = this.WriteInputs();
        string image = await client.UploadAsync(photo, default);
        string maskRef = await client.UploadAsync(mask, default);
        var ledger = stack.Services.GetRequiredService<CreditLedger>();
        long before = await ledger.BalanceAsync(DevelopmentApiKey.User);

        var sharp = await client.PreviewMaskAsync(DemoRun.Tool, Args(image, maskRef, expand: 0, blur: 0), default);
        var soft = await client.PreviewMaskAsync(DemoRun.Tool, Args(image, maskRef, expand: 16, blur: 24), default);

        Assert.Equal(before, await ledger.BalanceAsync(DevelopmentApiKey.User));
        Assert.Equal(0, soft["cost"]!.GetValue<int>());
        Assert.Equal(Width, sharp["width"]!.GetValue<int>());
        Assert.Equal(Height, sharp["height"]!.GetValue<int>());
        Assert.Equal((double)Hole.Width * Hole.Height / (Width * Height), sharp["coverage"]!.GetValue<double>(), 3);

        // The crop holds the hole, and its working size is the requested resolution on the long side.
        var crop = sharp["crop"]!;
        var box = new Rectangle(crop["x"]!.GetValue<int>(), crop["y"]!.GetValue<int>(), crop["width"]!.GetValue<int>(), crop["height"]!.GetValue<int>());
        Assert.True(box.Contains(Hole), $"crop {box} does not hold the hole {Hole}");
        Assert.Equal(512, Math.Max(crop["work_width"]!.GetValue<int>(), crop["work_height"]!.GetValue<int>()));

        using var sharpAlpha = Overlay(sharp);
        using var softAlpha = Overlay(soft);
        Assert.Equal(crop["work_width"]!.GetValue<int>(), sharpAlpha.Width);

        // Without blur the alpha is the bare mask: only 0 and 255. With expand and blur it covers more and fades.
        var (sharpCovered, sharpPartial) = Count(sharpAlpha);
        var (softCovered, softPartial) = Count(softAlpha);
        Assert.Equal(0, sharpPartial);
        Assert.True(softPartial > 0, "a blurred mask has partial alpha");
        Assert.True(softCovered > sharpCovered * 2, $"expand 16 + blur 24 covers {softCovered} px, no more than the bare {sharpCovered}");

        // The centre of the hole is fully replaced in both.
        Assert.Equal(255, CentreAlpha(sharp, sharpAlpha, Hole));
        Assert.Equal(255, CentreAlpha(soft, softAlpha, Hole));

        // A region in one piece is one crop: the only part is the crop and its overlay.
        var part = Assert.Single(sharp["parts"]!.AsArray())!;
        Assert.True(JsonNode.DeepEquals(crop, part["crop"]) && JsonNode.DeepEquals(sharp["overlay"], part["overlay"]), part.ToJsonString());
    }

    [Fact]
    public async Task Preview_of_a_region_in_two_parts_far_apart_shows_a_crop_each_at_the_working_size()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, stack.ApiKey!);
        var (photo, _) = this.WriteInputs();
        Rectangle[] squares = [new(10, 12, 16, 16), new(226, 160, 18, 14)];
        string twoParts = Path.Combine(this.workDirectory, "two-parts.png");
        using (var mask = TestImages.WithRects(Width, Height, new Rgba32(0, 0, 0, 255), squares.Select(r => (r, new Rgba32(255, 255, 255, 255))).ToArray()))
        {
            await mask.SaveAsPngAsync(twoParts);
        }

        var preview = await client.PreviewMaskAsync(
            DemoRun.Tool, Args(await client.UploadAsync(photo, default), await client.UploadAsync(twoParts, default), expand: 4, blur: 2), default);

        var parts = preview["parts"]!.AsArray();
        Assert.Equal(2, parts.Count);
        Assert.True(JsonNode.DeepEquals(preview["crop"], parts[0]!["crop"]) && JsonNode.DeepEquals(preview["overlay"], parts[0]!["overlay"]), "crop and overlay are the first part's");
        for (int i = 0; i < 2; i++)
        {
            var part = parts[i]!.AsObject();
            var crop = part["crop"]!;
            var box = new Rectangle(crop["x"]!.GetValue<int>(), crop["y"]!.GetValue<int>(), crop["width"]!.GetValue<int>(), crop["height"]!.GetValue<int>());
            Assert.True(box.Contains(squares[i]) && !box.IntersectsWith(squares[1 - i]), $"crop {i} {box} does not hold only {squares[i]}");
            Assert.Equal(512, Math.Max(crop["work_width"]!.GetValue<int>(), crop["work_height"]!.GetValue<int>()));
            using var overlay = Overlay(part);
            Assert.Equal(crop["work_width"]!.GetValue<int>(), overlay.Width);
            Assert.Equal(255, CentreAlpha(part, overlay, squares[i]));
        }
    }

    [Fact]
    public async Task Preview_errors_name_the_field_and_the_key_is_required()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, stack.ApiKey!);
        var (photo, _) = this.WriteInputs();
        string image = await client.UploadAsync(photo, default);
        string empty = Path.Combine(this.workDirectory, "empty.png");
        using (var black = new Image<Rgba32>(Width, Height, new Rgba32(0, 0, 0, 255)))
        {
            await black.SaveAsPngAsync(empty);
        }

        string emptyRef = await client.UploadAsync(empty, default);

        using var anonymous = await http.PostAsJsonAsync("v2/masks/preview", new JsonObject { ["tool"] = DemoRun.Tool, ["args"] = Args(image, emptyRef, 0, 0) });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var noRegion = await Assert.ThrowsAsync<ApiRequestException>(() => client.PreviewMaskAsync(DemoRun.Tool, new JsonObject { ["image"] = image }, default));
        Assert.Equal(HttpStatusCode.BadRequest, noRegion.Status);
        Assert.Contains("mask_image:", noRegion.Message);

        var emptyMask = await Assert.ThrowsAsync<ApiRequestException>(() => client.PreviewMaskAsync(DemoRun.Tool, Args(image, emptyRef, 0, 0), default));
        Assert.Equal(HttpStatusCode.BadRequest, emptyMask.Status);
        Assert.Contains("selects no pixels", emptyMask.Message);

        var badBlur = await Assert.ThrowsAsync<ApiRequestException>(() => client.PreviewMaskAsync(DemoRun.Tool, Args(image, emptyRef, 0, 500), default));
        Assert.Contains("mask_blur: mask_blur must be between 0 and 160", badBlur.Message);
    }

    /// <summary>Regression: resolutions that are not multiples of 16 used to reach CropPlanner unrounded and answer 500.</summary>
    [Fact]
    public async Task Preview_answers_200_for_every_resolution_the_api_accepts()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, stack.ApiKey!);
        var (photo, mask) = this.WriteInputs();
        string image = await client.UploadAsync(photo, default);
        string maskRef = await client.UploadAsync(mask, default);
        http.DefaultRequestHeaders.Add(Shared.Api.ApiKeyAuthenticator.HeaderName, stack.ApiKey);

        foreach (int resolution in new[] { 512, 520, 1000, 1535, 1536 })
        {
            var args = Args(image, maskRef, expand: 12, blur: 24);
            args["resolution"] = resolution;
            using var response = await http.PostAsJsonAsync("v2/masks/preview", new JsonObject { ["tool"] = DemoRun.Tool, ["args"] = args });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"resolution {resolution}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var crop = (await response.Content.ReadFromJsonAsync<JsonObject>())!["crop"]!;
            int longSide = Math.Max(crop["work_width"]!.GetValue<int>(), crop["work_height"]!.GetValue<int>());
            Assert.Equal((int)Math.Round(resolution / 16.0, MidpointRounding.AwayFromZero) * 16, longSide);
        }
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    static JsonObject Args(string image, string mask, int expand, double blur) => new()
    {
        ["image"] = image,
        ["mask_image"] = mask,
        ["mask_expand"] = expand,
        ["mask_blur"] = blur,
        ["resolution"] = 512,
    };

    static Image<Rgba32> Overlay(JsonObject preview)
    {
        string uri = preview["overlay"]!.GetValue<string>();
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, uri);
        return Image.Load<Rgba32>(Convert.FromBase64String(uri[prefix.Length..]));
    }

    static (int Covered, int Partial) Count(Image<Rgba32> overlay)
    {
        int covered = 0, partial = 0;
        overlay.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    if (p.A > 0) covered++;
                    if (p.A is > 0 and < 255) partial++;
                }
            }
        });
        return (covered, partial);
    }

    static byte CentreAlpha(JsonObject preview, Image<Rgba32> overlay, Rectangle hole)
    {
        var crop = preview["crop"]!;
        double sx = overlay.Width / crop["width"]!.GetValue<double>();
        double sy = overlay.Height / crop["height"]!.GetValue<double>();
        int x = (int)((hole.Left + (hole.Width / 2) - crop["x"]!.GetValue<int>()) * sx);
        int y = (int)((hole.Top + (hole.Height / 2) - crop["y"]!.GetValue<int>()) * sy);
        return overlay[x, y].A;
    }

    (string Photo, string Mask) WriteInputs()
    {
        Directory.CreateDirectory(this.workDirectory);
        string photoPath = Path.Combine(this.workDirectory, "photo.png");
        string maskPath = Path.Combine(this.workDirectory, "mask.png");
        using (var photo = TestImages.Photo(Width, Height))
        {
            photo.SaveAsPng(photoPath);
        }

        using (var mask = TestImages.RectangleMask(Width, Height, Hole))
        {
            mask.SaveAsPng(maskPath);
        }

        return (photoPath, maskPath);
    }
}
