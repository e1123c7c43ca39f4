package dev.arbiter.pdp.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signing keys made for one test run: the private keys stay in files the tests read, the public
 * keys are published as a JWKS file the service is configured with.
 */
final class TestKeys {
  static final Path DIRECTORY = Path.of("target", "test-keys").toAbsolutePath();
  static final String RSA_KEY_ID = "caller-rsa";
  static final String EC_KEY_ID = "caller-ec";

  private TestKeys() {}

  /** Makes an RSA and an EC key pair under {@code name} and returns the JWKS file's path. */
  static Path create(String name) {
    try {
      Files.createDirectories(DIRECTORY);
      KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
      rsaGenerator.initialize(2048);
      KeyPair rsa = rsaGenerator.generateKeyPair();
      KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
      ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair ec = ecGenerator.generateKeyPair();
      Files.write(DIRECTORY.resolve(name + "-rsa.key"), rsa.getPrivate().getEncoded());
      Files.write(DIRECTORY.resolve(name + "-ec.key"), ec.getPrivate().getEncoded());
      RSAPublicKey rsaPublic = (RSAPublicKey) rsa.getPublic();
      ECPublicKey ecPublic = (ECPublicKey) ec.getPublic();
      String jwks = "{\"keys\": ["
          + "{\"kty\": \"RSA\", \"kid\": \"" + RSA_KEY_ID + "\", \"alg\": \"RS256\", \"use\": \"sig\", \"n\": \""
          + base64(rsaPublic.getModulus()) + "\", \"e\": \"" + base64(rsaPublic.getPublicExponent()) + "\"},"
          + "{\"kty\": \"EC\", \"kid\": \"" + EC_KEY_ID + "\", \"alg\": \"ES256\", \"use\": \"sig\", \"crv\": \"P-256\","
          + " \"x\": \"" + coordinate(ecPublic.getW().getAffineX()) + "\", \"y\": \""
          + coordinate(ecPublic.getW().getAffineY()) + "\"}]}";
      Path file = DIRECTORY.resolve(name + "-jwks.json");
      Files.writeString(file, jwks);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static PrivateKey rsa(String name) {
    return read(name + "-rsa.key", "RSA");
  }

  static PrivateKey ec(String name) {
    return read(name + "-ec.key", "EC");
  }

  private static PrivateKey read(String file, String algorithm) {
    try {
      byte[] encoded = Files.readAllBytes(DIRECTORY.resolve(file));
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** P-256 coordinates are exactly 32 bytes in a JWK. */
  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }
}
