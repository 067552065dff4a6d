using System.Collections.Concurrent;

namespace Inpaint.Local.Orchestration;

/// <summary>
/// A fixed number of slots for work items running at once, taken before a work item is fetched and given
/// back exactly once when it ends. The sidecar's dispatcher has its own limit, but when it is reached it
/// sleeps 500 ms before looking again: with two activity slots that capped the local stack at about four
/// activities a second whatever the activities cost. Waiting here instead wakes the fetch loop the moment a
/// slot is free.
/// </summary>
sealed class WorkItemSlots(int capacity)
{
    // Never disposed: it lives as long as the service, and a SemaphoreSlim only needs disposing once its
    // AvailableWaitHandle has been used, which it never is here.
    readonly SemaphoreSlim free = new(capacity, capacity);

    // Keyed by the work item object itself: the dispatcher hands the same object to complete, abandon and
    // release, and a failed completion is followed by an abandon, so giving back must be idempotent.
    readonly ConcurrentDictionary<object, byte> taken = new(ReferenceEqualityComparer.Instance);

    public int Capacity { get; } = capacity;

    /// <summary>Waits for a free slot, then fetches; the slot stays taken while the fetched item runs.</summary>
    public async Task<T?> FetchAsync<T>(Func<Task<T?>> fetch, CancellationToken cancellationToken)
        where T : class
    {
        await this.free.WaitAsync(cancellationToken);
        T? item;
        try
        {
            item = await fetch();
        }
        catch
        {
            this.free.Release();
            throw;
        }

        if (item is null)
        {
            this.free.Release();
            return null;
        }

        this.taken.TryAdd(item, 0);
        return item;
    }

    /// <summary>Gives the slot of <paramref name="item"/> back; a second call for the same item does nothing.</summary>
    public void Return(object item)
    {
        if (this.taken.TryRemove(item, out _))
        {
            this.free.Release();
        }
    }

    /// <summary>Waits for a slot that is not tied to a fetch (see <see cref="Return"/> for giving it back).</summary>
    public async Task TakeForAsync(object item, CancellationToken cancellationToken)
    {
        await this.free.WaitAsync(cancellationToken);
        if (!this.taken.TryAdd(item, 0))
        {
            this.free.Release();
        }
    }
}
