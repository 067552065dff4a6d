using System.Collections;
using System.Reflection;

namespace Inpaint.Infra.Tests.Settings;

/// <summary>
/// The configuration keys an app reads, found by reflection: every class named <c>XxxOptions</c> with a
/// <c>public const string SectionName</c> is bound from that section, so each public settable property is
/// the app setting <c>Section__Property</c> (nested option objects add <c>__Inner</c>).
/// </summary>
internal static class OptionsSettings
{
    /// <summary>Options classes of the assemblies, in name order.</summary>
    public static IReadOnlyList<Type> OptionsTypes(params Assembly[] assemblies) =>
        assemblies
            .SelectMany(LoadableTypes)
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal) && SectionName(t) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Setting key → the property it binds, e.g. <c>Storage__ClientId</c> → <c>StorageOptions.ClientId</c>.</summary>
    public static IReadOnlyDictionary<string, string> Keys(IEnumerable<Type> optionsTypes)
    {
        var keys = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in optionsTypes)
        {
            var section = SectionName(type) ?? throw new ArgumentException($"{type} has no SectionName constant.");
            Flatten(type, section, type.Name, keys, [type]);
        }

        return keys;
    }

    public static string? SectionName(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
        && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    private static void Flatten(Type type, string prefix, string origin, IDictionary<string, string> keys, HashSet<Type> path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue; // computed or read-only: not bound from configuration
            }

            var key = $"{prefix}__{property.Name}";
            var where = $"{origin}.{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                if (!keys.TryAdd(key, where))
                {
                    keys[key] = $"{keys[key]}, {where}";
                }
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                throw new NotSupportedException(
                    $"{where} is a collection: its setting keys ({key}__0, ...) cannot be named by reflection. " +
                    "Bind it from a delimited string, or teach the drift test its keys.");
            }
            else if (path.Add(propertyType))
            {
                Flatten(propertyType, key, where, keys, path);
                path.Remove(propertyType);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum
        || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri) || type == typeof(Guid)
        || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Version);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
