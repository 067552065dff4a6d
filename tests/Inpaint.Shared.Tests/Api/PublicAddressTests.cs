using System.Net;
using Inpaint.Shared.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tests.Api;

/// <summary>Links never come from the caller's Host header: configuration, a trusted proxy, the platform, or the server's own address.</summary>
public sealed class PublicAddressTests
{
    private static PublicAddress Address(string? baseUrl = null, string? proxies = null, string? azureHost = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(azureHost is null ? [] : [new(PublicAddress.AzureHostNameVariable, azureHost)])
            .Build();
        return new PublicAddress(Options.Create(new ApiOptions { PublicBaseUrl = baseUrl, TrustedProxies = proxies }), new ServiceCollection().AddSingleton<IConfiguration>(configuration).BuildServiceProvider());
    }

    /// <summary>A request to the server at 127.0.0.1:5080 from <paramref name="peer"/>, claiming <c>Host: evil.example</c>.</summary>
    private static HttpRequest Request(string peer = "127.0.0.1", params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("evil.example");
        http.Connection.LocalIpAddress = IPAddress.Loopback;
        http.Connection.LocalPort = 5080;
        http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        foreach (var (name, value) in headers) http.Request.Headers[name] = value;
        return http.Request;
    }

    [Fact]
    public void Without_configuration_links_name_the_address_the_connection_reached_not_the_host_header()
    {
        var link = Address().Link(Request(), "v2/tasks/t1/status");
        Assert.Equal("http://127.0.0.1:5080/v2/tasks/t1/status", link);
    }

    [Fact]
    public void Task_links_follow_the_public_address()
    {
        var request = Request();
        var services = new ServiceCollection().AddSingleton(Address("https://inpaint.example.com/api/")).BuildServiceProvider();
        request.HttpContext.RequestServices = services;
        var links = TasksApi.Links(request, "task_1");
        Assert.Equal("https://inpaint.example.com/api/v2/tasks/task_1/status", links.StatusQueryGetUri);
        Assert.Equal("https://inpaint.example.com/api/v2/tasks/task_1/cancel", links.CancelPostUri);
    }

    [Theory]
    [InlineData("https://inpaint.example.com")]
    [InlineData("https://inpaint.example.com/")]
    public void The_configured_base_wins_over_everything(string baseUrl)
    {
        var link = Address(baseUrl, proxies: "127.0.0.1", azureHost: "app.azurewebsites.net")
            .Link(Request(headers: [("X-Forwarded-Host", "proxy.example")]), "v2/tasks/t1/status");
        Assert.Equal("https://inpaint.example.com/v2/tasks/t1/status", link);
    }

    [Fact]
    public void Forwarded_headers_are_believed_from_a_trusted_proxy_only()
    {
        (string, string)[] forwarded = [("X-Forwarded-Host", "spoofed.example, api.example.com"), ("X-Forwarded-Proto", "https")];
        Assert.Equal("https://api.example.com/x", Address(proxies: "10.0.0.5; 10.0.0.6").Link(Request("10.0.0.6", forwarded), "x"));
        Assert.Equal("http://127.0.0.1:5080/x", Address(proxies: "10.0.0.5").Link(Request("10.0.0.9", forwarded), "x"));
        Assert.Equal("http://127.0.0.1:5080/x", Address().Link(Request("10.0.0.5", forwarded), "x"));
    }

    [Theory]
    [InlineData("evil.example/path")]
    [InlineData("user@evil.example")]
    [InlineData("")]
    public void A_malformed_forwarded_host_from_a_trusted_proxy_is_ignored(string host)
    {
        var link = Address(proxies: "10.0.0.5").Link(Request("10.0.0.5", ("X-Forwarded-Host", host)), "x");
        Assert.Equal("http://127.0.0.1:5080/x", link);
    }

    [Fact]
    public void On_azure_the_platform_host_name_is_used()
        => Assert.Equal("https://app-123.azurewebsites.net/x", Address(azureHost: "app-123.azurewebsites.net").Link(Request(), "x"));

    [Fact]
    public void Without_any_address_links_are_root_relative()
    {
        var http = new DefaultHttpContext();
        http.Request.Host = new HostString("evil.example");
        Assert.Equal("/v2/tasks/t/status", Address().Link(http.Request, "v2/tasks/t/status"));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::]:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://+:5000", "http://localhost:5000/")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/")]
    public void Wildcard_server_addresses_are_reached_through_loopback(string bound, string expected)
        => Assert.Equal(expected, PublicAddress.FromServerAddresses([bound])!.ToString());

    [Theory]
    [InlineData("ftp://example.com", true, false)]
    [InlineData("/relative", true, false)]
    [InlineData("https://example.com/?q=1", true, false)]
    [InlineData("https://example.com/api", true, true)]
    [InlineData(null, true, true)]
    public void Options_refuse_a_base_that_is_not_an_absolute_http_url(string? baseUrl, bool proxiesValid, bool valid)
    {
        var options = new ApiOptions { PublicBaseUrl = baseUrl };
        Assert.Equal(valid, options.HasValidBaseUrl());
        Assert.Equal(proxiesValid, options.ParseTrustedProxies() is not null);
        Assert.Null(new ApiOptions { TrustedProxies = "10.0.0.1; not-an-ip" }.ParseTrustedProxies());
    }
}
