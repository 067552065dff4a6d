using System.CommandLine;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Commands;

/// <summary>An open connection to the API for one command: an HTTP client, and the in-process local stack when no URL was given.</summary>
sealed class ApiConnection : IAsyncDisposable
{
    readonly HttpClient http;
    readonly LocalStack? stack;

    ApiConnection(HttpClient http, string apiKey, LocalStack? stack, string description)
    {
        this.http = http;
        this.stack = stack;
        this.Client = new InpaintApiClient(http, apiKey);
        this.Description = description;
    }

    public InpaintApiClient Client { get; }

    /// <summary>Where requests go, for one line of output.</summary>
    public string Description { get; }

    public static async Task<ApiConnection> OpenAsync(
        ApiConnectionOptions options, ParseResult result, CancellationToken cancellationToken)
    {
        string? url = result.GetValue(options.Url) ?? NonEmpty(Environment.GetEnvironmentVariable(ApiConnectionOptions.UrlVariable));
        if (url is not null)
        {
            string key = result.GetValue(options.Key) ?? NonEmpty(Environment.GetEnvironmentVariable(ApiConnectionOptions.KeyVariable))
                ?? throw new UsageException($"--url needs an API key: pass --key or set {ApiConnectionOptions.KeyVariable}.");
            if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--url must be an absolute http(s) URL, got '{url}'.");
            }

            return new ApiConnection(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) }, key, null, baseAddress.ToString());
        }

        var stackOptions = options.Stack.Read(result);
        stackOptions.MinimumLogLevel = LogLevel.Warning;
        var stack = await LocalStack.StartAsync(stackOptions, cancellationToken);
        try
        {
            string apiKey = result.GetValue(options.Key) ?? stack.ApiKey ?? throw new ApiClientException("The local stack has no API key.");
            return new ApiConnection(new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromSeconds(100) }, apiKey, stack, $"local stack at {stack.BaseAddress}");
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        this.http.Dispose();
        if (this.stack is not null)
        {
            await this.stack.DisposeAsync();
        }
    }

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
