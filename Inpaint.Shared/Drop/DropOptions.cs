namespace Inpaint.Shared.Drop;

/// <summary>Who owns the files dropped under <c>drop/{batch}/</c>: their tasks are charged to that user.</summary>
public sealed class DropOptions
{
    public const string SectionName = "Drop";

    /// <summary>
    /// <c>prefix=user</c> pairs separated by <c>;</c> (one app setting, <c>Drop__Owners</c>). A prefix owns the batch
    /// of that name and every batch under it (<c>acme</c> owns <c>acme</c> and <c>acme/2026-11</c>, not
    /// <c>acme2</c>); a prefix ending in <c>*</c> matches by plain text (<c>acme-*</c> owns <c>acme-june</c>).
    /// The longest matching prefix wins. A batch no prefix owns is refused (its <c>result.json</c> says so).
    /// </summary>
    public string? Owners { get; set; }

    /// <summary>The owner of <paramref name="batch"/>, or null when no prefix owns it.</summary>
    public string? OwnerOf(string batch)
    {
        string? owner = null;
        var longest = -1;
        foreach (var (prefix, user) in OwnerMap())
        {
            var matches = prefix.EndsWith('*')
                ? batch.StartsWith(prefix[..^1], StringComparison.Ordinal)
                : batch == prefix || batch.StartsWith(prefix + "/", StringComparison.Ordinal);
            if (matches && prefix.Length > longest)
            {
                owner = user;
                longest = prefix.Length;
            }
        }

        return owner;
    }

    /// <summary>The parsed <see cref="Owners"/>; <see cref="FormatException"/> names a malformed pair.</summary>
    public IReadOnlyList<(string Prefix, string User)> OwnerMap()
    {
        var pairs = new List<(string, string)>();
        foreach (var pair in (Owners ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            var prefix = equals > 0 ? pair[..equals].Trim().Trim('/') : "";
            var user = equals > 0 ? pair[(equals + 1)..].Trim() : "";
            if (prefix.Length == 0 || user.Length == 0)
                throw new FormatException($"Drop:Owners: '{pair}' is not a prefix=user pair");
            pairs.Add((prefix, user));
        }

        return pairs;
    }

    /// <summary>For <c>ValidateOnStart</c>: the owner list parses.</summary>
    public bool IsValid()
    {
        try
        {
            OwnerMap();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
