using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;

namespace Inpaint.Shared.Tests.Tasks;

/// <summary>A list cursor is one this API returned, or a 400 naming <c>cursor</c> (never silently the first page).</summary>
public sealed class TaskListCursorTests
{
    [Theory]
    [InlineData("1!8!ZGV2 1!48!dGFza18yMDI2")]
    [InlineData("dev task_20261205_abc")]
    [InlineData("user with spaces task_1")]
    public void A_continuation_round_trips(string continuation)
        => Assert.Equal(continuation, TaskListCursor.Decode(TaskListCursor.Encode(continuation)));

    [Fact]
    public void No_cursor_is_the_first_page()
    {
        Assert.Null(TaskListCursor.Decode(null));
        Assert.Null(TaskListCursor.Decode(""));
        Assert.Null(TaskListCursor.Encode(null));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!")]
    [InlineData("aGVsbG8gd29ybGQ")]             // base64url of "hello world": decodes, but is not ours
    [InlineData("YzE6bm9zcGFjZQ")]              // "c1:nospace"
    [InlineData("YzE6IGxlYWRpbmc")]             // "c1: leading" (empty partition)
    [InlineData("_-_-_-_-")]
    public void Anything_else_is_refused_naming_the_cursor(string cursor)
    {
        var e = Assert.Throws<RequestValidationException>(() => TaskListCursor.Decode(cursor));
        Assert.Equal(["cursor"], e.Errors.Keys);
    }

    [Fact]
    public void A_huge_cursor_is_refused_without_decoding_it()
        => Assert.Throws<RequestValidationException>(() => TaskListCursor.Decode(new string('A', 100_000)));
}
