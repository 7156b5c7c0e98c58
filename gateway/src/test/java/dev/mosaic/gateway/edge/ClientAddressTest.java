package dev.mosaic.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.rules.plan.AddressBlock;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address is the client, and what the gateway forwards, for trusted and untrusted peers. */
class ClientAddressTest {

  private static final List<AddressBlock> PROXIES = List.of(AddressBlock.parse("10.0.0.0/8"),
      AddressBlock.parse("2001:db8::/32"));

  private static ClientAddress resolve(String peer, String... forwardedFor) {
    return ClientAddress.resolve(peer, List.of(forwardedFor), PROXIES);
  }

  @Test
  void anUntrustedPeerIsTheClientAndItsChainIsDropped() {
    assertEquals(new ClientAddress("203.0.113.7", "203.0.113.7"), resolve("203.0.113.7", "1.2.3.4, 10.0.0.1"));
  }

  @Test
  void aTrustedPeersChainIsBelievedBackToTheFirstUntrustedHop() {
    ClientAddress address = resolve("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.0.1");
    assertEquals("203.0.113.9", address.ip(), "right to left: 10.0.0.1 is a proxy, 203.0.113.9 is not");
    assertEquals("198.51.100.1, 203.0.113.9, 10.0.0.1, 10.0.0.2", address.forwardedFor());
  }

  @Test
  void onlyTrustedHopsMeansTheLeftmostIsTheClient() {
    assertEquals("10.1.1.1", resolve("10.0.0.2", "10.1.1.1, 10.0.0.1").ip());
  }

  @Test
  void aTrustedPeerWithoutAChainIsTheClient() {
    assertEquals(new ClientAddress("10.0.0.2", "10.0.0.2"), resolve("10.0.0.2"));
  }

  @Test
  void entriesThatAreNotAddressesAreDropped() {
    ClientAddress address = resolve("10.0.0.2", "evil.example, 198.51.100.1, <script>, unknown",
        "203.0.113.5:8080, 192.0.2.1");
    assertEquals("192.0.2.1", address.ip());
    assertEquals("198.51.100.1, 192.0.2.1, 10.0.0.2", address.forwardedFor(),
        "names, markup and ports are not addresses; several headers are one list");
  }

  @Test
  void ipv6AndMappedIpv4AreMatchedAgainstTheirBlocks() {
    assertEquals("198.51.100.1", resolve("2001:db8::5", "198.51.100.1").ip());
    assertEquals("198.51.100.1", resolve("::ffff:10.0.0.3", "198.51.100.1").ip(), "an IPv4-mapped peer");
    assertEquals("2001:db9::1", resolve("2001:db9::1", "198.51.100.1").ip(), "outside the /32");
  }

  @Test
  void aLongChainKeepsOnlyTheHopsNearestTheGateway() {
    String[] hops = Collections.nCopies(40, "198.51.100.1").toArray(String[]::new);
    ClientAddress address = resolve("10.0.0.2", String.join(", ", hops));
    assertEquals(ClientAddress.MAX_HOPS + 1, address.forwardedFor().split(", ").length);
  }
}
