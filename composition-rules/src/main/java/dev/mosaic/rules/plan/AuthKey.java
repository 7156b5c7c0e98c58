package dev.mosaic.rules.plan;

import java.security.PublicKey;

/**
 * A verification key read from a file when the config was compiled, with the one algorithm it is
 * trusted for.
 */
public sealed interface AuthKey permits AuthKey.Public, AuthKey.Secret {

  String algorithm();

  /** The file it came from, for messages. */
  String file();

  /** An RSA or EC public key (RS*, PS*, ES*). */
  record Public(String algorithm, PublicKey key, String file) implements AuthKey {}

  /** An HMAC secret (HS*). Its bytes never appear in logs or messages. */
  @SuppressWarnings("ArrayRecordComponent") // a key, never compared or hashed
  record Secret(String algorithm, byte[] bytes, String file) implements AuthKey {

    public Secret {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Secret s
          && s.algorithm.equals(algorithm)
          && s.file.equals(file)
          && java.security.MessageDigest.isEqual(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(algorithm, file, java.util.Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
      return "Secret[algorithm=" + algorithm + ", file=" + file + ", bytes=***]";
    }
  }
}
