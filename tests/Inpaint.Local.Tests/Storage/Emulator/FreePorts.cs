using System.Net;
using System.Net.Sockets;

namespace Inpaint.Local.Tests.Storage.Emulator;

/// <summary>Loopback ports that were free a moment ago, for tests that must fix a port.</summary>
static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports: each is bound to port 0 at the same time (so the system gives
    /// distinct ones), then all are released. Another process could take one in between; tests accept that.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
