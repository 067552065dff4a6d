using System.Net;
using Inpaint.Shared.Inputs;

namespace Inpaint.Shared.Tests.Inputs;

public class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]           // loopback
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]            // private
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]     // cloud metadata (Azure IMDS, AWS, GCP)
    [InlineData("169.254.0.1")]         // link-local
    [InlineData("100.64.0.1")]          // CGNAT 100.64/10
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]           // multicast
    [InlineData("240.0.0.1")]           // reserved
    [InlineData("192.0.0.170")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]             // link-local
    [InlineData("fe80::1%2")]           // with a scope
    [InlineData("fc00::1")]             // unique local
    [InlineData("fd00:ec2::254")]       // AWS IPv6 metadata
    [InlineData("fec0::1")]             // site-local
    [InlineData("ff02::1")]             // multicast
    [InlineData("::ffff:127.0.0.1")]    // IPv4-mapped
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:100.64.0.1")]
    [InlineData("::127.0.0.1")]         // IPv4-compatible (deprecated)
    [InlineData("::ffff:0:127.0.0.1")]  // IPv4-translated
    [InlineData("64:ff9b::a9fe:a9fe")]  // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::7f00:1")]     // NAT64 of 127.0.0.1
    [InlineData("2002:7f00:1::")]       // 6to4 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::1")]   // 6to4 of 169.254.169.254
    [InlineData("2001:db8::1")]         // documentation
    public void Internal_addresses_are_refused(string address)
        => Assert.False(AddressPolicy.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("100.128.0.1")]         // just above CGNAT
    [InlineData("100.63.255.255")]      // just below CGNAT
    [InlineData("172.32.0.1")]          // just above 172.16/12
    [InlineData("169.253.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]    // NAT64 of 8.8.8.8
    public void Public_addresses_are_allowed(string address)
        => Assert.True(AddressPolicy.IsPublic(IPAddress.Parse(address)), address);
}
