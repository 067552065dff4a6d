using System.Text;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// One generated request: what is sent, and how (through <see cref="HttpClient"/>, or as raw bytes over a socket
/// when it lies about its framing). <see cref="Describe"/> prints it in full, to be kept as a regression case.
/// </summary>
/// <param name="Endpoint">The route pattern it was generated for (<c>/v2/tasks/{id}</c>), for the coverage report.</param>
/// <param name="Framing">Null for an ordinary request; else how the raw request lies (see <see cref="RawFraming"/>).</param>
public sealed record FuzzRequest(
    string Endpoint,
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? Framing = null)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(this.Method).Append(' ').Append(this.PathAndQuery).Append(this.Framing is null ? "" : $"  [raw: {this.Framing}]").AppendLine();
        foreach (var (name, value) in this.Headers) text.Append(name).Append(": ").AppendLine(Show(value));
        if (this.Body is { } body)
        {
            text.Append("body (").Append(body.Length).Append(" bytes): ");
            text.Append(body.Length <= 400 ? Show(Encoding.UTF8.GetString(body)) : Show(Encoding.UTF8.GetString(body, 0, 400)) + "…");
        }

        return text.ToString();
    }

    public override string ToString() => this.Describe();

    static string Show(string s) => string.Concat(s.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
