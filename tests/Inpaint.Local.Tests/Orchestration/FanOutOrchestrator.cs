using Microsoft.DurableTask;

namespace Inpaint.Local.Tests.Orchestration;

/// <summary>Squares <c>n</c> and <c>n + 1</c> in parallel and returns the sum, publishing custom status.</summary>
public sealed class FanOutOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        context.SetCustomStatus(new FanOutStatus("fan-out", 0));
        int[] squares = await Task.WhenAll(
            context.CallActivityAsync<int>(nameof(SquareActivity), input),
            context.CallActivityAsync<int>(nameof(SquareActivity), input + 1));
        context.SetCustomStatus(new FanOutStatus("done", squares.Length));
        return squares.Sum();
    }
}

public sealed record FanOutStatus(string Step, int Completed);

public sealed class SquareActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * input);
}
