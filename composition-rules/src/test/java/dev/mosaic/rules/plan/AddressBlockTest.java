package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

class AddressBlockTest {

  private static boolean in(String block, String address) {
    return AddressBlock.parse(block).contains(NetUtil.createByteArrayFromIpAddressString(address));
  }

  @Test
  void prefixesMatchOnWholeAndPartialBytes() {
    assertTrue(in("10.0.0.0/8", "10.255.1.2"));
    assertFalse(in("10.0.0.0/8", "11.0.0.1"));
    assertTrue(in("172.16.0.0/12", "172.31.255.255"));
    assertFalse(in("172.16.0.0/12", "172.32.0.0"));
    assertTrue(in("192.0.2.7", "192.0.2.7"));
    assertFalse(in("192.0.2.7", "192.0.2.8"));
    assertTrue(in("0.0.0.0/0", "8.8.8.8"));
    assertTrue(in("::1/128", "::1"));
    assertTrue(in("2001:db8::/32", "2001:db8:ffff::1"));
    assertFalse(in("2001:db8::/32", "10.0.0.1"), "families never match each other");
  }

  @Test
  void namesAndBadPrefixesAreNotBlocks() {
    assertNull(AddressBlock.parse("localhost"));
    assertNull(AddressBlock.parse("10.0.0.0/33"));
    assertNull(AddressBlock.parse("10.0.0.0/x"));
    assertNull(AddressBlock.parse("::1/129"));
    assertNull(AddressBlock.parse("10.0.0"));
  }
}
