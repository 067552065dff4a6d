namespace Inpaint.Inference.Regions;

/// <summary>
/// A model loaded on first use, once, under a lock. Unlike <see cref="Lazy{T}"/> a failed load is not
/// remembered: a model pulled after the server started is picked up by the next request.
/// </summary>
internal sealed class LoadOnce<T>(Func<T> load) where T : class, IDisposable
{
    private readonly object _gate = new();
    private volatile T? _value;

    public bool IsLoaded => _value is not null;

    public T Value
    {
        get
        {
            if (_value is { } loaded) return loaded;
            lock (_gate)
            {
                return _value ??= load();
            }
        }
    }

    public void Dispose() => _value?.Dispose();
}
