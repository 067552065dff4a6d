namespace Inpaint.Shared.Validation;

/// <summary>
/// A request that breaks the contract. <see cref="Errors"/> maps each offending field to what is wrong,
/// with the limit; hosts answer 400 with an RFC 7807 validation problem and charge nothing.
/// </summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.SelectMany(e => e.Value)))
{
    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
