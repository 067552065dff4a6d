using System.Net;

namespace Inpaint.Local.Client;

/// <summary>The API answered with an error status; <see cref="Exception.Message"/> carries the problem's detail and fields.</summary>
public sealed class ApiRequestException(HttpStatusCode status, string message) : ApiClientException(message)
{
    public HttpStatusCode Status { get; } = status;
}
