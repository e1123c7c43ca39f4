package dev.arbiter.pep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for {@code grpcs://} and {@code https://} PDP addresses: whom to trust, and optionally the
 * client certificate for mutual TLS (the PDP's {@code arbiter.auth.mode=mtls}, where the
 * certificate is the credential). Immutable.
 *
 * <pre>{@code
 * Tls.trustPem(Path.of("/etc/pep/pdp-ca.pem"))
 *    .withClientPkcs12(Path.of("/etc/pep/client.p12"), password)
 * }</pre>
 *
 * <p>The factories read files at once and throw {@link IllegalArgumentException} naming the file
 * when it cannot be read or holds no usable key material.
 */
public final class Tls {
  private final KeyManager[] keyManagers;
  private final TrustManager[] trustManagers;

  private Tls(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    this.keyManagers = keyManagers;
    this.trustManagers = trustManagers;
  }

  /** Trusts what the JDK trusts (its {@code cacerts}); no client certificate. */
  public static Tls systemTrust() {
    return new Tls(null, null);
  }

  /** Trusts the certificates of {@code trustStore}. */
  public static Tls trustStore(KeyStore trustStore) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      return new Tls(null, factory.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the trust store: " + e.getMessage(), e);
    }
  }

  /** Trusts the certificates of a PKCS#12 file. */
  public static Tls trustPkcs12(Path file, char[] password) {
    return trustStore(pkcs12(file, password));
  }

  /** Trusts the PEM certificates in {@code file} (one CA, or several). */
  public static Tls trustPem(Path file) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates(file)) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      if (index == 0) {
        throw new IllegalArgumentException(file + " holds no certificate");
      }
      return trustStore(store);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Uses the given managers as they are: the way in for key material from elsewhere. */
  public static Tls of(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    return new Tls(keyManagers == null ? null : keyManagers.clone(),
        trustManagers == null ? null : trustManagers.clone());
  }

  /** This trust, presenting the client certificate and key of {@code keyStore}. */
  public Tls withClientKeyStore(KeyStore keyStore, char[] password) {
    try {
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keyStore, password);
      return new Tls(factory.getKeyManagers(), trustManagers);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the client key store: " + e.getMessage(), e);
    }
  }

  /** This trust, presenting the client certificate and key of a PKCS#12 file. */
  public Tls withClientPkcs12(Path file, char[] password) {
    return withClientKeyStore(pkcs12(file, password), password);
  }

  /**
   * This trust, presenting the PEM certificate chain in {@code certificateChain} with the
   * unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}) in {@code privateKey}.
   */
  public Tls withClientPem(Path certificateChain, Path privateKey) {
    try {
      Certificate[] chain = certificates(certificateChain).toArray(Certificate[]::new);
      if (chain.length == 0) {
        throw new IllegalArgumentException(certificateChain + " holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("client", privateKey(privateKey, chain[0].getPublicKey().getAlgorithm()), password, chain);
      return withClientKeyStore(store, password);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot read the client certificate " + certificateChain + " and key "
          + privateKey + ": " + e.getMessage(), e);
    }
  }

  /** The key managers, or null for none. */
  KeyManager[] keyManagers() {
    return keyManagers;
  }

  /** The trust managers, or null for the JDK's default trust. */
  TrustManager[] trustManagers() {
    return trustManagers;
  }

  @Override
  public String toString() {
    return "Tls[trust=" + (trustManagers == null ? "system" : "configured") + ", client certificate="
        + (keyManagers == null ? "none" : "configured") + "]";
  }

  private static KeyStore pkcs12(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot read the PKCS#12 file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  private static PrivateKey privateKey(Path file, String algorithm) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    String begin = "-----BEGIN PRIVATE KEY-----";
    int start = pem.indexOf(begin);
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 private key (BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
