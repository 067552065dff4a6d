using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;
using Inpaint.Shared.Keys;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint keys create USER [--name N] | list [USER] | revoke KEY_ID</c> on the configured storage.</summary>
static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys on the configured storage (embedded Azurite under --data, or --set Storage:ConnectionString=...).");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    static Command CreateKey()
    {
        var stack = new StackOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var user = new Argument<string>("USER") { Description = "The user the key acts for." };
        var name = new Option<string>("--name") { Description = "A label for the key.", DefaultValueFactory = _ => "cli" };
        var command = new Command("create", "Create a key for USER and print it (shown once; only its hash is stored).");
        command.Arguments.Add(user);
        command.Options.Add(name);
        command.Options.Add(json);
        stack.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
            await CommandFailure.ReportAsync("keys create", result.InvocationConfiguration.Error, () =>
                StorageSession.RunAsync<ApiKeyStore>(stack, result, cancellationToken, async keys =>
                {
                    string owner = result.GetValue(user)!, label = result.GetValue(name)!;
                    string key = await keys.CreateAsync(owner, label, cancellationToken);
                    var output = result.InvocationConfiguration.Output;
                    if (result.GetValue(json))
                    {
                        CommandOutput.WriteJson(output, new JsonObject { ["key"] = key, ["keyId"] = ApiKeyStore.Hash(key)[..12], ["user"] = owner, ["name"] = label });
                    }
                    else
                    {
                        output.WriteLine($"API key for {owner} (id {ApiKeyStore.Hash(key)[..12]}; shown once, keep it):");
                        output.WriteLine(key);
                    }

                    return ExitCodes.Ok;
                })));
        return command;
    }

    static Command List()
    {
        var stack = new StackOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var user = new Argument<string?>("USER") { Description = "Only this user's keys.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List keys (ids, users, names, dates; never the keys).");
        command.Arguments.Add(user);
        command.Options.Add(json);
        stack.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
            await CommandFailure.ReportAsync("keys list", result.InvocationConfiguration.Error, () =>
                StorageSession.RunAsync<ApiKeyStore>(stack, result, cancellationToken, async keys =>
                {
                    var list = await keys.ListAsync(result.GetValue(user), cancellationToken);
                    var output = result.InvocationConfiguration.Output;
                    if (result.GetValue(json))
                    {
                        CommandOutput.WriteJson(output, new JsonArray([.. list.Select(k => (JsonNode?)new JsonObject
                        {
                            ["keyId"] = k.KeyId, ["user"] = k.User, ["name"] = k.Name, ["createdAt"] = k.CreatedAt, ["revokedAt"] = k.RevokedAt,
                        })]));
                    }
                    else if (list.Count == 0)
                    {
                        output.WriteLine("No keys.");
                    }
                    else
                    {
                        CommandOutput.WriteTable(output, ["KEY ID", "USER", "NAME", "CREATED", "REVOKED"], list.Select(k => new[]
                        {
                            k.KeyId, k.User, k.Name, k.CreatedAt.ToString("u", CultureInfo.InvariantCulture), k.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                        }));
                    }

                    return ExitCodes.Ok;
                })));
        return command;
    }

    static Command Revoke()
    {
        var stack = new StackOptions();
        var id = new Argument<string>("KEY_ID") { Description = "The key's id (12 characters, from keys list)." };
        var command = new Command("revoke", "Revoke a key: it is refused from now on (401, like an unknown key).");
        command.Arguments.Add(id);
        stack.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
            await CommandFailure.ReportAsync("keys revoke", result.InvocationConfiguration.Error, () =>
                StorageSession.RunAsync<ApiKeyStore>(stack, result, cancellationToken, async keys =>
                {
                    string keyId = result.GetValue(id)!;
                    if (!await keys.RevokeAsync(keyId, cancellationToken))
                    {
                        result.InvocationConfiguration.Error.WriteLine($"inpaint keys revoke failed: no key with id '{keyId}'.");
                        return ExitCodes.Refused;
                    }

                    result.InvocationConfiguration.Output.WriteLine($"Key {keyId} revoked.");
                    return ExitCodes.Ok;
                })));
        return command;
    }
}
