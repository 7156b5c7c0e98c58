package dev.mosaic.rules.plan;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 CIDR block such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a
 * block of one. Parsed from literals only: nothing here ever resolves a name.
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the array's content
public record AddressBlock(byte[] network, int prefix, String source) {

  /**
   * @return the block, or null when {@code text} is not an address or CIDR block
   */
  public static AddressBlock parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return null;
    }
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        return null;
      }
    }
    return new AddressBlock(bytes, prefix, trimmed);
  }

  /** Whether {@code address} (the bytes of an IPv4 or IPv6 address) lies in this block. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressBlock b && prefix == b.prefix && Arrays.equals(network, b.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return source;
  }
}
