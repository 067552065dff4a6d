using System.Reflection;
using System.Text.RegularExpressions;

namespace Inpaint.Infra.Tests;

/// <summary>
/// Flex Consumption runs blob triggers only with the Event Grid source, and each needs an Event Grid
/// subscription; infra/scripts/drop-events.sh (azd postdeploy) creates one per trigger it lists. The list
/// must name exactly the Event Grid blob triggers of Inpaint.Functions, with the containers they watch.
/// </summary>
public sealed partial class BlobEventTriggersTests
{
    [Fact]
    public void Postdeploy_hook_subscribes_exactly_the_Event_Grid_blob_triggers_of_the_API()
    {
        var script = File.ReadAllText(RepositoryRoot.Combine("infra", "scripts", "drop-events.sh"));
        var listed = TriggerList().Match(script);
        Assert.True(listed.Success, "drop-events.sh has no triggers=\"...\" line.");

        var inScript = listed.Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();
        var inCode = EventGridBlobTriggers(Assembly.Load("Inpaint.Functions")).Order().ToArray();

        Assert.Equal(inCode, inScript);
    }

    [Fact]
    public void No_blob_trigger_polls_because_Flex_Consumption_cannot_run_it()
    {
        var polling = BlobTriggers(Assembly.Load("Inpaint.Functions"))
            .Where(t => t.Source != "EventGrid")
            .Select(t => t.Function)
            .ToArray();

        Assert.Empty(polling);
    }

    /// <summary><c>Function:container</c> for each blob trigger with the Event Grid source.</summary>
    private static IEnumerable<string> EventGridBlobTriggers(Assembly functions) =>
        BlobTriggers(functions).Where(t => t.Source == "EventGrid").Select(t => $"{t.Function}:{t.Path.Split('/')[0]}");

    private static IEnumerable<(string Function, string Path, string Source)> BlobTriggers(Assembly functions) =>
        from type in functions.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttributes().FirstOrDefault(a => a.GetType().Name == "FunctionAttribute")
        where function is not null
        from parameter in method.GetParameters()
        from trigger in parameter.GetCustomAttributes().Where(a => a.GetType().Name == "BlobTriggerAttribute")
        select (
            Function: (string)function.GetType().GetProperty("Name")!.GetValue(function)!,
            Path: (string)trigger.GetType().GetProperty("BlobPath")!.GetValue(trigger)!,
            Source: trigger.GetType().GetProperty("Source")!.GetValue(trigger)!.ToString()!);

    [GeneratedRegex("^triggers=\"(?<list>[^\"]*)\"", RegexOptions.Multiline)]
    private static partial Regex TriggerList();
}
