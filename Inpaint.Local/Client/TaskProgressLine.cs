namespace Inpaint.Local.Client;

/// <summary>One line per change of status or step; on a terminal the line is rewritten in place with the elapsed time.</summary>
sealed class TaskProgressLine(TextWriter console) : IProgress<TaskProgress>
{
    readonly bool interactive = !Console.IsOutputRedirected && ReferenceEquals(console, Console.Out);
    (string, string?)? last;

    public void Report(TaskProgress value)
    {
        bool changed = this.last != (value.Status, value.Step);
        bool final = value.Status is "completed" or "failed" or "cancelled";
        if (this.interactive)
        {
            if (changed && this.last is not null)
            {
                console.WriteLine();
            }

            console.Write($"\r{value,-60}");
            if (final)
            {
                console.WriteLine();
            }
        }
        else if (changed)
        {
            console.WriteLine(value);
        }

        this.last = (value.Status, value.Step);
    }
}
