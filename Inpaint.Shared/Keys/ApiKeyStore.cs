using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Keys;

/// <summary>
/// API keys: only SHA-256 hashes at rest. A key is looked up by its hash and the stored hash is compared in
/// constant time; unknown and revoked keys are indistinguishable to the caller.
/// </summary>
public sealed class ApiKeyStore(StorageClients clients)
{
    private const string KeyPrefix = "ik_";
    private readonly TableClient _table = clients.Tables.GetTableClient(TableNames.ApiKeys);

    public Task EnsureTableAsync(CancellationToken cancellationToken = default) =>
        _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Creates a key for <paramref name="user"/> and returns its plaintext — shown once, never stored.</summary>
    public async Task<string> CreateAsync(string user, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        var key = KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var hash = Hash(key);
        await _table.AddEntityAsync(new ApiKeyEntity
        {
            PartitionKey = hash,
            KeyId = hash[..12],
            RowKey = "",
            User = user,
            Name = name,
            CreatedAt = DateTimeOffset.UtcNow,
        }, cancellationToken);
        return key;
    }

    /// <summary>The user the key belongs to, or null for an unknown, malformed or revoked key.</summary>
    public async Task<string?> AuthenticateAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 256) return null;
        var hash = Hash(key);
        var row = await _table.GetEntityIfExistsAsync<ApiKeyEntity>(hash, "", cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity) return null;

        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(entity.PartitionKey), Encoding.ASCII.GetBytes(hash));
        return matches && entity.RevokedAt is null ? entity.User : null;
    }

    /// <summary>Every key (of one user, or all), without secrets: id, user, name, dates.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? user = null, CancellationToken cancellationToken = default)
    {
        var keys = new List<ApiKeyInfo>();
        var query = user is null
            ? _table.QueryAsync<ApiKeyEntity>(cancellationToken: cancellationToken)
            : _table.QueryAsync<ApiKeyEntity>(e => e.User == user, cancellationToken: cancellationToken);
        await foreach (var e in query)
            keys.Add(new ApiKeyInfo(e.KeyId, e.User, e.Name, e.CreatedAt, e.RevokedAt));
        return keys.OrderBy(k => k.CreatedAt).ToArray();
    }

    /// <summary>Revokes the key with this id; false when there is none. Revoked keys get the same 401 as unknown ones.</summary>
    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        if (keyId.Length != 12) return false;
        await foreach (var e in _table.QueryAsync<ApiKeyEntity>(e => e.KeyId == keyId, cancellationToken: cancellationToken))
        {
            e.RevokedAt ??= DateTimeOffset.UtcNow;
            await _table.UpdateEntityAsync(e, e.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }

        return false;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
