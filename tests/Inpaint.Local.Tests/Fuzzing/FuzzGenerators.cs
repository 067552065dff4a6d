using System.Text;
using CsCheck;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// Generators of malformed requests for the endpoints of the route table: path segments and query strings,
/// auth forms, Host and other headers, content types, JSON bodies (shapes, types, huge and tiny values,
/// NaN literals, duplicates, BOMs, other encodings, cuts), image bodies (truncated, random, multipart gone
/// wrong) and framing lies only a raw socket can tell (Content-Length, Transfer-Encoding, Host).
/// </summary>
public sealed class FuzzGenerators
{
    static readonly string[] ArgNames =
    [
        "image", "masking_prompt", "mask_image", "use_rembg", "inpaint_foreground", "inpainting_prompt", "resolution",
        "creativity", "mask_blur", "mask_expand", "n_samples", "seed", "output_format", "color_match", "webhook_url",
        "Resolution", "N_SAMPLES", "Image", "strength", "", "\\ud800", "n\\u005fsamples", "image ", "__proto__",
    ];

    static readonly string[] Numbers =
    [
        "0", "-1", "1", "4", "5", "16", "511", "512", "520", "1000", "1008", "1024", "1536", "1537", "4096", "-0", "0.5", "0.85", "1024.5",
        "1e3", "1E3", "1e-400", "1e308", "1e309", "-1e309", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
        "1" + new string('0', 400), "0.0000000000000000000001", "160", "161", "64", "65",
        // Not JSON: the literals other parsers take.
        "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "1e",
    ];

    static readonly string[] Strings =
    [
        "\"\"", "\" \"", "\"a\"", "\"hat\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"\\n\"", "\"é\"", "\"\\\"\"", "\"png\"", "\"JPEG\"",
        "\"webp\"", "\"gif\"", "\"upload:\"", "\"upload:000000000000000000000000\"", "\"upload:../../keys\"", "\"data:\"",
        "\"data:image/png;base64,\"", "\"data:image/png;base64,@@@@\"", "\"data:image/png,%89PNG\"", "\"https://127.0.0.1/x.png\"",
        "\"http://169.254.169.254/latest/meta-data/\"", "\"https://example.invalid/x.png\"", "\"file:///etc/passwd\"", "\"javascript:alert(1)\"",
        "\"" + new string('a', 2001) + "\"", "\"" + new string('\u00e9', 3000) + "\"", "\"true\"", "\"1024\"", "\"flux_inpainting\"",
    ];

    static readonly string[] Structures =
    [
        "true", "false", "null", "[]", "{}", "[1,2]", "[\"a\"]", "{\"a\":1}", "{\"\":{}}", "[[[[[[[[[[]]]]]]]]]]",
        new string('[', 70) + new string(']', 70), new string('[', 5000) + new string(']', 5000), "{\"a\":" + new string('[', 65) + new string(']', 65) + "}",
    ];

    static readonly string[] SegmentSpecials =
    [
        "", ".", "..", "%2e%2e", "%2E", "%2F", "..%2F..%2Fetc", "%ZZ", "%", "%C3%BC", "%FF%FE", "%ED%A0%80", "x%00y", "%20", "+", "*",
        "'%20or%20'1'%20eq%20'1", "PartitionKey%20eq%20'dev'", "task_%27", "task_does_not_exist", "task_" + new string('9', 120),
        new string('a', 300), new string('a', 3000), "%u0041", "%2500", "CON", "$metadata", "%F0%9F%98%80", "a%2Fb", "~", "task_..%5C..%5C",
    ];

    static readonly string[] QueryNames = ["status", "limit", "cursor", "taskId", "page", "type", "x", "", "Status", "limit[]"];

    static readonly string[] QueryValues =
    [
        "", "0", "-1", "1", "100", "101", "1e3", "abc", "pending", "PENDING", "deleted", "completed", "garbage", "!!!", "%00", "%FF",
        "%ZZ", "%", "aGVsbG8gd29ybGQ", "YzE6YSBi", new string('A', 5000), "1%2C2", "%E2%80%AE", "null", "true",
    ];

    static readonly string[] ContentTypes =
    [
        "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
        "image/png", "application/octet-stream", "application/json; charset=utf-16", "application/json; charset=\"\"", "garbage", "a/b/c",
        "application/problem+json", "application/xml", "application/json;;;", "application/json; boundary=x",
    ];

    readonly ApiStackFixture api;
    readonly IReadOnlyList<FuzzTarget> targets;
    readonly byte[] png, jpeg, webp, gif;

    public FuzzGenerators(ApiStackFixture api, IReadOnlyList<FuzzTarget> targets)
    {
        this.api = api;
        this.targets = targets;
        using var photo = TestImages.Photo(24, 16);
        this.png = TestImages.Png(photo);
        this.jpeg = Encode(photo, new JpegEncoder { Quality = 80 });
        this.webp = Encode(photo, new WebpEncoder());
        this.gif = Encode(photo, new SixLabors.ImageSharp.Formats.Gif.GifEncoder());
    }

    /// <summary>A request to one endpoint of the route table, mostly through HttpClient, one in twelve raw.</summary>
    public Gen<FuzzRequest> Request => Gen.Int[0, this.targets.Count - 1].SelectMany(i => this.For(this.targets[i]));

    Gen<FuzzRequest> For(FuzzTarget target)
    {
        var method = Gen.Frequency(
            (12, Gen.OneOf(target.Methods.ToArray())),
            (1, Gen.OneOf("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND")));
        var path = this.Segment.Array[target.Parameters.Count, target.Parameters.Count].Select(target.Render);
        var body = target.Body switch
        {
            FuzzBodyKind.Json => this.JsonBody,
            FuzzBodyKind.Image => this.ImageBody,
            _ => Gen.Frequency((6, Gen.Const<(byte[]?, string?)>((null, null))), (1, this.JsonBody), (1, this.RandomBody)),
        };
        return Gen.Select(method, path, Query, this.Auth, Headers, body, Gen.Int[0, 11], Framing,
            (m, p, q, auth, headers, b, raw, framing) =>
            {
                var (bytes, naturalType) = b;
                var all = new List<KeyValuePair<string, string>>(auth);
                all.AddRange(headers);
                if (naturalType is not null && !all.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                    all.Add(new("Content-Type", naturalType));
                return new FuzzRequest(target.Pattern, m, p + q, all, bytes, raw == 0 ? framing : null);
            });
    }

    Gen<string> Segment => Gen.Frequency(
        (4, Gen.Const(() => this.api.FuzzTask)),
        (1, Gen.Const(() => this.api.OtherTask)),
        (3, Gen.OneOf(SegmentSpecials)),
        (2, Gen.String[0, 40].Select(Escape)));

    static Gen<string> Query => Gen.Frequency(
        (3, Gen.Const("")),
        (4, Gen.Select(Gen.OneOf(QueryNames), Gen.OneOf(QueryValues)).Array[1, 3]
            .Select(pairs => "?" + string.Join("&", pairs.Select(p => $"{p.Item1}={p.Item2}")))),
        (1, Gen.String[0, 30].Select(s => "?" + Escape(s))),
        (1, Gen.OneOf("?", "??", "?&&&", "?=", "?limit", "?limit=1&limit=2", "?cursor=a&cursor=b", "?status=pending&status=failed")));

    Gen<KeyValuePair<string, string>[]> Auth => Gen.Frequency(
        (8, Gen.Const(() => new[] { Header("X-Api-Key", this.api.FuzzKey) })),
        (1, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
        (1, Gen.Const(new[] { Header("X-Api-Key", "") })),
        (1, Gen.Const(new[] { Header("X-Api-Key", "ik_" + new string('0', 48)) })),
        (1, Gen.Const(() => new[] { Header("X-Api-Key", this.api.OtherKey) })),
        (1, Gen.Const(() => new[] { Header("X-Api-Key", this.api.PoorKey) })),
        (1, Gen.Const(() => new[] { Header("X-Api-Key", " " + this.api.FuzzKey + " ") })),
        (1, Gen.Const(() => new[] { Header("X-Api-Key", this.api.FuzzKey.ToUpperInvariant()) })),
        (1, Gen.Const(() => new[] { Header("X-Api-Key", this.api.FuzzKey), Header("X-Api-Key", this.api.OtherKey) })),
        (1, Gen.Const(() => new[] { Header("Authorization", "Bearer " + this.api.FuzzKey) })),
        (1, Gen.Const(() => new[] { Header("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("fuzz:" + this.api.FuzzKey))) })),
        (1, Gen.Const(new[] { Header("X-Api-Key", new string('k', 10_000)) })),
        (1, Gen.String[0, 60].Select(s => new[] { Header("X-Api-Key", Ascii(s)) })));

    static Gen<KeyValuePair<string, string>[]> Headers => Gen.Frequency(
        (4, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
        (3, Gen.OneOf(
            Header("Host", "evil.example"), Header("Host", "localhost:1"), Header("Host", "[::1]"), Header("Host", "evil.example:443"),
            Header("X-Forwarded-Host", "evil.example"), Header("X-Forwarded-Proto", "javascript"), Header("Forwarded", "host=evil.example"),
            Header("Accept", "application/xml"), Header("Accept", "text/html"), Header("Accept", "image/png"), Header("Accept", "*/*;q=0"),
            Header("Idempotency-Key", "fuzz-same-key"), Header("Idempotency-Key", new string('k', 300)), Header("Idempotency-Key", " "),
            Header("Content-Type", "text/plain"), Header("Content-Encoding", "gzip"), Header("Expect", "100-continue"),
            Header("X-HTTP-Method-Override", "DELETE"), Header("Range", "bytes=0-1"), Header("If-None-Match", "*"))
            .Array[1, 3]),
        (2, Gen.OneOf(ContentTypes).Select(t => new[] { Header("Content-Type", t) })),
        (1, Gen.String[0, 20].Select(s => new[] { Header("Idempotency-Key", Ascii(s)) })));

    /// <summary>A create-shaped body changed in one to four ways, as text (so NaN, duplicates and cuts are possible), and its content type.</summary>
    Gen<(byte[]?, string?)> JsonBody => Gen.Frequency(
        (8, Gen.Select(Gen.Select(Gen.Int[0, 9], Gen.OneOf(ArgNames), this.JsonValue).Array[0, 4], Gen.Int[0, 15], Gen.Int, Gen.Char)
            .Select((edits, textEdit, at, c) => ((byte[]?)this.EditedCreate(edits, textEdit, at, c), (string?)"application/json"))),
        (1, Gen.OneOf(Structures.Concat(Numbers).Concat(Strings).ToArray()).Select(s => ((byte[]?)Encoding.UTF8.GetBytes(s), (string?)"application/json"))),
        (1, this.RandomBody.Select(b => (b.Item1, (string?)"application/json"))));

    Gen<string> JsonValue => Gen.Frequency(
        (3, Gen.OneOf(Numbers)),
        (3, Gen.OneOf(Strings)),
        (2, Gen.OneOf(Structures)),
        (1, Gen.Const(() => $"\"{this.api.Photo}\"")),
        (1, Gen.Const(() => $"\"{this.api.Mask}\"")),
        (2, Gen.OneOf(this.DataUris)),
        (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e999")),
        (1, Gen.String[0, 30].Select(s => System.Text.Json.JsonSerializer.Serialize(s))));

    string[] DataUris =>
    [
        Uri("image/png", this.png), Uri("image/png", Half(this.png)), Uri("image/jpeg", Half(this.jpeg)), Uri("image/webp", Half(this.webp)),
        Uri("image/png", this.gif), Uri("image/jpeg", this.png), Uri("image/png", this.jpeg), Uri("image/webp", this.webp),
        Uri("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]), Uri("text/html", "<svg/>"u8.ToArray()),
    ];

    byte[] EditedCreate((int Kind, string Name, string Value)[] edits, int textEdit, int at, char c)
    {
        var tool = "\"flux_inpainting\"";
        var args = new List<KeyValuePair<string, string>>
        {
            new("image", $"\"{this.api.Photo}\""), new("mask_image", $"\"{this.api.Mask}\""), new("resolution", "512"),
        };
        var extra = new List<KeyValuePair<string, string>>();
        string? argsOverride = null;
        foreach (var (kind, name, value) in edits)
        {
            switch (kind)
            {
                case <= 3: args.Add(new(name, value)); break;                       // a value for a name: the same name twice is a duplicate
                case 4: args.RemoveAll(a => a.Key == name); break;
                case 5: tool = value; break;
                case 6: argsOverride = value; break;
                case 7: extra.Add(new(name, value)); break;                         // a top-level member
                case 8: args = args.Select(a => new KeyValuePair<string, string>(a.Key == name ? a.Key.ToUpperInvariant() : a.Key, a.Value)).ToList(); break;
                default: args.RemoveAll(a => a.Key == "mask_image"); break;
            }
        }

        var members = new List<string> { $"\"tool\":{tool}", $"\"args\":{argsOverride ?? "{" + string.Join(",", args.Select(a => $"\"{a.Key}\":{a.Value}")) + "}"}" };
        members.AddRange(extra.Select(e => $"\"{e.Key}\":{e.Value}"));
        var text = "{" + string.Join(",", members) + "}";
        var position = text.Length == 0 ? 0 : (int)((uint)at % (uint)text.Length);
        return textEdit switch
        {
            0 => Encoding.UTF8.GetBytes(text.Remove(position, 1)),                           // a character dropped
            1 => Encoding.UTF8.GetBytes(text.Insert(position, c.ToString())),                 // one inserted
            2 => Encoding.UTF8.GetBytes(text[..position]),                                    // cut short
            3 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],                         // a byte order mark
            4 => Encoding.Unicode.GetBytes(text),                                             // UTF-16
            5 => Encoding.UTF8.GetBytes(text + " trailing"),
            6 => Encoding.Latin1.GetBytes(text.Replace("flux", "fl\u00fcx", StringComparison.Ordinal)),   // not UTF-8
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    /// <summary>Image bodies: whole, cut, lying, random; raw or as multipart, proper or broken.</summary>
    Gen<(byte[]?, string?)> ImageBody => Gen.Frequency(
        (3, Gen.OneOf(this.png, Half(this.png), Half(this.jpeg), Half(this.webp), this.gif, this.jpeg, this.webp, Array.Empty<byte>(), this.png[..40], Cut(this.png, 0.95))
            .Select(b => ((byte[]?)b, (string?)"image/png"))),
        (3, Gen.Select(Gen.OneOf(this.png, Half(this.png), this.gif, Array.Empty<byte>(), Half(this.webp)), Gen.Int[0, 7])
            .Select((file, shape) => Multipart(file, shape))),
        (1, this.RandomBody.Select(b => (b.Item1, (string?)"application/octet-stream"))));

    Gen<(byte[]?, string?)> RandomBody => Gen.Byte.Array[0, 2000].Select(b => ((byte[]?)b, (string?)null));

    /// <summary>How a raw request lies about its framing.</summary>
    static Gen<string> Framing => Gen.OneOf(RawFraming.All);

    static (byte[]?, string?) Multipart(byte[] file, int shape)
    {
        const string boundary = "fuzzBoundary";
        var part = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n");
        var end = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        byte[] whole = [.. part, .. file, .. end];
        return shape switch
        {
            0 => (whole, $"multipart/form-data; boundary={boundary}"),
            1 => (whole, "multipart/form-data"),                                                     // no boundary
            2 => (whole, "multipart/form-data; boundary=other"),                                     // the wrong one
            3 => ([.. part, .. file], $"multipart/form-data; boundary={boundary}"),                  // never closed
            4 => (Encoding.ASCII.GetBytes("--x\r\nbroken"), "multipart/form-data; boundary=x"),      // the reported 500
            5 => (whole, $"multipart/form-data; boundary={new string('b', 100)}"),                    // boundary over 70 characters
            6 => (Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--{boundary}--\r\n"), $"multipart/form-data; boundary={boundary}"),
            _ => (Encoding.ASCII.GetBytes("file=abc&x=1"), "application/x-www-form-urlencoded"),
        };
    }

    static KeyValuePair<string, string> Header(string name, string value) => new(name, value);

    static string Escape(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);   // a lone surrogate becomes U+FFFD, as a client would send it
        return string.Concat(bytes.Select(b => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' ? ((char)b).ToString() : $"%{b:X2}"));
    }

    static string Ascii(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    static string Uri(string type, byte[] bytes) => $"\"data:{type};base64,{Convert.ToBase64String(bytes)}\"";

    static byte[] Half(byte[] bytes) => bytes[..(bytes.Length / 2)];

    static byte[] Cut(byte[] bytes, double keep) => bytes[..(int)(bytes.Length * keep)];

    static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
