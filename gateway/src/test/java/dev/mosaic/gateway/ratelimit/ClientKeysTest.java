package dev.mosaic.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which address a bucket counts: IPv6 clients by their /64, mapped IPv4 as IPv4. */
class ClientKeysTest {

  @Test
  void ipv6AddressesOfOneSubscriberShareABucket() {
    assertEquals("2001:db8:1:2::/64", ClientKeys.ipv6Block("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
    assertEquals("2001:db8:1:2::/64", ClientKeys.ipv6Block("2001:db8:1:2::1"));
    assertEquals(
        "2001:db8:1:3::/64",
        ClientKeys.ipv6Block("2001:db8:1:3::1"),
        "the next /64 is another client");
    assertEquals("0:0:0:0::/64", ClientKeys.ipv6Block("::1"));
  }

  @Test
  void aMappedIpv4AddressIsItsIpv4Address() {
    assertEquals("192.0.2.7", ClientKeys.ipv6Block("::ffff:192.0.2.7"));
  }

  @Test
  void aDigestIsStableAndShort() {
    assertEquals(ClientKeys.digest("alice"), ClientKeys.digest("alice"));
    assertEquals(16, ClientKeys.digest("alice").length());
  }
}
