namespace Inpaint.Local.Storage.Emulator;

/// <summary>The last lines a child process printed, kept for error messages. Thread-safe.</summary>
sealed class OutputTail(int capacity)
{
    readonly Queue<string> lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.lines)
        {
            this.lines.Enqueue(line);
            while (this.lines.Count > capacity)
            {
                this.lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (this.lines)
        {
            return string.Join(Environment.NewLine, this.lines);
        }
    }
}
