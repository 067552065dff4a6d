namespace Inpaint.Infra.Tests.Settings;

/// <summary>
/// Compares the settings an app's code reads with the settings its template writes. Two documented lists
/// account for the legitimate differences: keys only the platform reads (set by the template, bound by no
/// options class) and keys the code reads that Azure must not set (local-only values and secrets).
/// </summary>
internal sealed record SettingsDrift(
    IReadOnlyCollection<string> SetButNotRead,
    IReadOnlyCollection<string> ReadButNotSet,
    IReadOnlyCollection<string> StalePlatformKeys,
    IReadOnlyCollection<string> StaleNotSetKeys)
{
    public static SettingsDrift Between(
        IReadOnlyDictionary<string, string> codeKeys,
        IEnumerable<string> templateKeys,
        IReadOnlyDictionary<string, string> platformKeys,
        IReadOnlyDictionary<string, string> notSetInAzure)
    {
        var template = new HashSet<string>(templateKeys, StringComparer.OrdinalIgnoreCase);
        var code = new HashSet<string>(codeKeys.Keys, StringComparer.OrdinalIgnoreCase);

        return new SettingsDrift(
            SetButNotRead: template.Where(k => !code.Contains(k) && !platformKeys.ContainsKey(k)).Order().ToArray(),
            ReadButNotSet: code.Where(k => !template.Contains(k) && !notSetInAzure.ContainsKey(k)).Order().ToArray(),
            StalePlatformKeys: platformKeys.Keys.Where(k => !template.Contains(k) || code.Contains(k)).Order().ToArray(),
            StaleNotSetKeys: notSetInAzure.Keys.Where(k => !code.Contains(k) || template.Contains(k)).Order().ToArray());
    }

    public bool IsEmpty =>
        SetButNotRead.Count == 0 && ReadButNotSet.Count == 0 && StalePlatformKeys.Count == 0 && StaleNotSetKeys.Count == 0;

    public string Describe(string template, IReadOnlyDictionary<string, string> codeKeys) =>
        string.Join('\n', new[]
        {
            $"Settings {template} writes that no options class reads (typo, or a removed option?): {List(SetButNotRead)}",
            $"Settings the code reads that {template} does not write: {string.Join(", ", ReadButNotSet.Select(k => $"{k} ({codeKeys[k]})"))}",
            $"Platform-key entries that are not (only) template keys: {List(StalePlatformKeys)}",
            $"Not-set-in-Azure entries that the code does not read, or the template writes: {List(StaleNotSetKeys)}",
        });

    private static string List(IEnumerable<string> keys) => string.Join(", ", keys);
}
