using System.Net;
using System.Net.Sockets;

namespace Inpaint.Shared.Inputs;

/// <summary>
/// Which resolved addresses the service may connect to when it fetches a URL: public unicast only. Refuses
/// loopback, private (RFC 1918, fc00::/7), link-local (incl. the 169.254.169.254 metadata endpoint),
/// CGNAT (100.64/10), unspecified, multicast, broadcast and reserved ranges, in IPv4 and IPv6 forms
/// (IPv4-mapped, NAT64-embedded and 6to4 addresses are judged by the IPv4 inside).
/// </summary>
public static class AddressPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsPublicV4(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return !(b[0] == 0                                   // "this network"
            || b[0] == 10                                    // private
            || b[0] == 127                                   // loopback
            || (b[0] == 100 && (b[1] & 0xC0) == 64)          // CGNAT 100.64.0.0/10
            || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
            || (b[0] == 172 && (b[1] & 0xF0) == 16)          // private 172.16.0.0/12
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)       // TEST-NET-1
            || (b[0] == 192 && b[1] == 168)                  // private
            || (b[0] == 198 && (b[1] & 0xFE) == 18)          // benchmarking 198.18.0.0/15
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // TEST-NET-2
            || (b[0] == 203 && b[1] == 0 && b[2] == 113)     // TEST-NET-3
            || b[0] >= 224);                                 // multicast, reserved, broadcast
    }

    private static bool IsPublicV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge that one.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
            return IsPublicV4(new IPAddress(b[12..16]));
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsPublicV4(new IPAddress(b[2..6]));

        // IPv4-compatible (::a.b.c.d, deprecated) and everything else in ::/8 is not public.
        if (b[..8].IndexOfAnyExcept((byte)0) < 0) return false;

        // Documentation 2001:db8::/32.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;
        return true;
    }
}
