using Grpc.Core;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// How the Durable Task client's failures are told apart, in one place. The client talks gRPC to the task
/// hub (the local sidecar, or the Functions host's), so a refusal or an unreachable hub arrives as an
/// <see cref="RpcException"/>; the client itself throws <see cref="InvalidOperationException"/> or
/// <see cref="ArgumentException"/> for an instance in the wrong state.
/// </summary>
public static class DurableClientErrors
{
    /// <summary>The task hub could not be reached or refused the call (any gRPC status): worth another try later.</summary>
    public static bool IsHubFailure(Exception e) => e is RpcException;

    /// <summary>
    /// Terminating or scheduling an instance was refused because of the instance's state: already finished,
    /// never started, or already scheduled. The caller's own record (the row) is what matters then.
    /// </summary>
    public static bool IsInstanceRefusal(Exception e) =>
        e is InvalidOperationException or ArgumentException or RpcException;
}
