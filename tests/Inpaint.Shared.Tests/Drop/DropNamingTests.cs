using Inpaint.Shared.Drop;

namespace Inpaint.Shared.Tests.Drop;

/// <summary>Batch owners by prefix and the parts of a dropped blob's name.</summary>
public sealed class DropNamingTests
{
    private static readonly DropOptions Owners = new() { Owners = " acme = u-acme ; acme/vip=u-vip;beta-*=u-beta;" };

    [Theory]
    [InlineData("acme", "u-acme")]
    [InlineData("acme/2026-11", "u-acme")]
    [InlineData("acme/vip", "u-vip")]
    [InlineData("acme/vip/june", "u-vip")]
    [InlineData("beta-june", "u-beta")]
    [InlineData("acme2", null)]
    [InlineData("acm", null)]
    [InlineData("beta", null)]
    [InlineData("other/acme", null)]
    public void The_longest_owning_prefix_wins_and_plain_prefixes_stop_at_folder_boundaries(string batch, string? owner) =>
        Assert.Equal(owner, Owners.OwnerOf(batch));

    [Fact]
    public void A_malformed_owner_list_is_invalid_and_names_the_pair()
    {
        var bad = new DropOptions { Owners = "acme=u1;justaname" };
        Assert.False(bad.IsValid());
        Assert.Contains("justaname", Assert.Throws<FormatException>(() => bad.OwnerMap()).Message);
        Assert.True(new DropOptions().IsValid());
        Assert.Null(new DropOptions().OwnerOf("anything"));
    }

    [Theory]
    [InlineData("b/photo.PNG", "b", "photo", "png", true, false)]
    [InlineData("a/b/c.d.jpeg", "a/b", "c.d", "jpeg", true, false)]
    [InlineData("b/photo.json", "b", "photo", "json", false, true)]
    [InlineData("b/notes.txt", "b", "notes", "txt", false, false)]
    [InlineData("b/README", "b", "README", "", false, false)]
    public void A_blob_name_splits_into_batch_name_and_extension(string blob, string batch, string name, string extension, bool image, bool args)
    {
        Assert.True(DropBlobName.TryParse(blob, out var parsed));
        Assert.Equal((batch, name, extension, image, args), (parsed.Batch, parsed.Name, parsed.Extension, parsed.IsImage, parsed.IsArgs));
        Assert.Equal($"{batch}/{name}.json", parsed.ImageArgsBlob);
        Assert.Equal($"{batch}/args.json", parsed.BatchArgsBlob);
    }

    [Theory]
    [InlineData("photo.png")]
    [InlineData("/photo.png")]
    [InlineData("batch/")]
    public void A_blob_outside_a_batch_folder_is_not_a_drop(string blob) => Assert.False(DropBlobName.TryParse(blob, out _));

    [Fact]
    public void The_idempotency_key_is_name_and_etag_and_stays_within_the_key_limit()
    {
        Assert.Equal("drop:b/p.png:\"0x1\"", DropProcessor.IdempotencyKey("b/p.png", "\"0x1\""));
        var longName = "b/" + new string('x', 600) + ".png";
        var key = DropProcessor.IdempotencyKey(longName, "\"0x1\"");
        Assert.True(key.Length <= 255);
        Assert.NotEqual(key, DropProcessor.IdempotencyKey(longName + "2", "\"0x1\""));
    }
}
