using Inpaint.Testing;
using System.Reflection;
using System.Text.Json;
using Inpaint.Functions.Orchestration;
using Inpaint.Shared.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Inpaint.Functions.Tests;

/// <summary>
/// Reads the functions.metadata that the Functions SDK generated at build time: a function missing from it is
/// never triggered in Azure, whatever the code says (class-based orchestrators go missing without the source
/// generator, which is why the entry points are explicit).
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Dictionary<string, string> Triggers = LoadTriggers();

    private static Dictionary<string, string> LoadTriggers()
    {
        var path = Checkout.FunctionsMetadataPath();

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray()
                .Select(b => b.GetProperty("type").GetString()!)
                .Single(t => t.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("CreateTask", "httpTrigger")]
    [InlineData("GetTask", "httpTrigger")]
    [InlineData("Upload", "httpTrigger")]
    [InlineData("ListTasks", "httpTrigger")]
    [InlineData("TaskStatus", "httpTrigger")]
    [InlineData("CancelTask", "httpTrigger")]
    [InlineData("CancelTaskByBody", "httpTrigger")]
    [InlineData("TaskCost", "httpTrigger")]
    [InlineData("TaskEvents", "httpTrigger")]
    [InlineData("MediaUpload", "httpTrigger")]
    [InlineData("ListTools", "httpTrigger")]
    [InlineData("GetTool", "httpTrigger")]
    [InlineData("OpenApiDocument", "httpTrigger")]
    [InlineData(nameof(InpaintOrchestrator), "orchestrationTrigger")]
    [InlineData(nameof(NotifyTaskEndedOrchestrator), "orchestrationTrigger")]
    [InlineData("DropBlob", "blobTrigger")]
    [InlineData("ReconcileTasks", "timerTrigger")]
    public void Every_entry_point_is_in_the_metadata(string function, string trigger)
    {
        Assert.True(Triggers.TryGetValue(function, out var actual), $"{function} is missing from functions.metadata");
        Assert.Equal(trigger, actual, ignoreCase: true);
    }

    [Fact]
    public void Every_activity_class_has_an_activity_trigger()
    {
        var activities = typeof(InpaintOrchestrator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(TaskActivity<,>))
            .Select(t => t.Name)
            .ToArray();
        Assert.NotEmpty(activities);
        Assert.All(activities, name =>
        {
            Assert.True(Triggers.TryGetValue(name, out var trigger), $"{name} is missing from functions.metadata");
            Assert.Equal("activityTrigger", trigger, ignoreCase: true);
        });
    }

    [Fact]
    public void The_task_list_names_every_activity_and_orchestrator_class()
    {
        var assembly = typeof(InpaintOrchestrator).Assembly;
        Assert.Equal(Subclasses(assembly, typeof(TaskActivity<,>)), InpaintTasks.Activities.Select(t => t.Name).Order());
        Assert.Equal(Subclasses(assembly, typeof(TaskOrchestrator<,>)), InpaintTasks.Orchestrators.Select(t => t.Name).Order());
    }

    [Fact]
    public void Activity_functions_run_every_listed_activity_with_its_input_and_output()
    {
        var entryPoints = typeof(ActivityFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(InpaintTasks.Activities.Select(t => t.Name).Order(), entryPoints.Keys.Order());
        Assert.All(InpaintTasks.Activities, activity =>
        {
            var types = activity.BaseType!.GetGenericArguments(); // TaskActivity<TIn, TOut>
            var method = entryPoints[activity.Name];
            var trigger = Assert.Single(method.GetParameters(), p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(types[0], trigger.ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(types[1]), method.ReturnType);
        });
        Assert.All(InpaintTasks.Orchestrators, orchestrator =>
        {
            Assert.True(Triggers.TryGetValue(orchestrator.Name, out var trigger), $"{orchestrator.Name} is missing from functions.metadata");
            Assert.Equal("orchestrationTrigger", trigger, ignoreCase: true);
        });
    }

    private static IEnumerable<string> Subclasses(Assembly assembly, Type genericBase) => assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == genericBase)
        .Select(t => t.Name)
        .Order();
}
