package dev.mosaic.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.rules.plan.AddressBlock;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address is the client, and what the gateway forwards, for trusted and untrusted peers. */
class ClientAddressTest {

  private static final List<AddressBlock> PROXIES =
      List.of(AddressBlock.parse("10.0.0.0/8"), AddressBlock.parse("2001:db8::/32"));

  private static ClientAddress resolve(String peer, String... forwardedFor) {
    return ClientAddress.resolve(peer, List.of(forwardedFor), PROXIES);
  }

  @Test
  void anUntrustedPeerIsTheClientAndItsChainIsDropped() {
    assertEquals(
        new ClientAddress("203.0.113.7", "203.0.113.7"),
        resolve("203.0.113.7", "1.2.3.4, 10.0.0.1"));
  }

  @Test
  void aTrustedPeersChainIsBelievedBackToTheFirstUntrustedHop() {
    ClientAddress address = resolve("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.0.1");
    assertEquals(
        "203.0.113.9", address.ip(), "right to left: 10.0.0.1 is a proxy, 203.0.113.9 is not");
    assertEquals(
        "203.0.113.9, 10.0.0.1, 10.0.0.2",
        address.forwardedFor(),
        "what is left of the client the client wrote itself: not sent on");
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
  void anEntryThatIsNotAnAddressEndsTheBeliefWhereItStands() {
    ClientAddress address = resolve("10.0.0.2", "1.2.3.4, unknown");
    assertEquals(
        new ClientAddress("10.0.0.2", "10.0.0.2"),
        address,
        "the proxy could not name its client: the client's own 1.2.3.4 behind it must not pass for one");
    ClientAddress named = resolve("10.0.0.2", "evil.example, 198.51.100.1", "<script>, 192.0.2.1");
    assertEquals(
        new ClientAddress("192.0.2.1", "192.0.2.1, 10.0.0.2"),
        named,
        "several headers are one list");
  }

  @Test
  void portsAndBracketsAroundAnAddressAreTolerated() {
    assertEquals(
        new ClientAddress("203.0.113.5", "203.0.113.5, 10.0.0.2"),
        resolve("10.0.0.2", "203.0.113.5:8080"));
    assertEquals(
        "1.2.3.4", resolve("10.0.0.2", "1.2.3.4, 10.0.0.1:443").ip(), "a trusted hop with a port");
    assertEquals("2001:db9::7", resolve("10.0.0.2", "[2001:db9::7]:443").ip());
  }

  @Test
  void ipv6AndMappedIpv4AreMatchedAgainstTheirBlocks() {
    assertEquals("198.51.100.1", resolve("2001:db8::5", "198.51.100.1").ip());
    assertEquals(
        "198.51.100.1", resolve("::ffff:10.0.0.3", "198.51.100.1").ip(), "an IPv4-mapped peer");
    assertEquals("2001:db9::1", resolve("2001:db9::1", "198.51.100.1").ip(), "outside the /32");
  }

  @Test
  void aLongChainKeepsOnlyTheHopsNearestTheGateway() {
    String[] hops =
        Collections.nCopies(40, "10.9.9.9").toArray(String[]::new); // all trusted proxies
    ClientAddress address = resolve("10.0.0.2", "198.51.100.1, " + String.join(", ", hops));
    assertEquals(ClientAddress.MAX_HOPS + 1, address.forwardedFor().split(", ").length);
    assertEquals(
        "10.9.9.9",
        address.ip(),
        "belief ends after MAX_HOPS: the last hop reached stands for the client");
  }
}
