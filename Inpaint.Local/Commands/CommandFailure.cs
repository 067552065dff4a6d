using Microsoft.Extensions.Options;

namespace Inpaint.Local.Commands;

/// <summary>Turns any failure of a command into one readable line on stderr and a non-zero exit code.</summary>
static class CommandFailure
{
    public static async Task<int> ReportAsync(string command, TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"inpaint {command}: cancelled");
            return ExitCodes.Interrupted;
        }
        catch (UsageException ex)
        {
            error.WriteLine($"inpaint {command}: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Client.ApiRequestException ex) when ((int)ex.Status is >= 400 and < 500)
        {
            error.WriteLine($"inpaint {command} failed: {ex.Message}");
            return ExitCodes.Refused;
        }
        catch (Exception ex)
        {
            error.WriteLine($"inpaint {command} failed: {OneLine(ex)}");
            return ExitCodes.Error;
        }
    }

    static string OneLine(Exception ex)
    {
        // Start-up failures arrive wrapped (aggregate, options validation); the innermost message says what happened.
        while (ex is AggregateException { InnerException: { } inner })
        {
            ex = inner;
        }

        string message = ex is OptionsValidationException validation ? string.Join("; ", validation.Failures) : ex.Message;
        string first = message.Split('\n', 2)[0].Trim();
        return ex is Client.ApiClientException or Storage.Emulator.AzuriteException or InvalidOperationException or ArgumentException
            ? first
            : $"{ex.GetType().Name}: {first}";
    }
}
