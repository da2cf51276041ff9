package org.pveaudit.source.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.pveaudit.failure.Cause;
import org.pveaudit.source.SourceException;

/**
 * How the server certificate is checked. Verified by default against the system trust store (with
 * the host name check); {@code ca-file} trusts the PEM certificates in that file (with the host name
 * check); {@code fingerprint} accepts exactly the certificate whose SHA-256 fingerprint is pinned (the
 * pin identifies the certificate, so host names are not compared: nodes are often reached by
 * address); {@code insecure} accepts anything and is reported as a finding.
 */
public record TlsPolicy(Mode mode, Path caFile, String fingerprint) {

    /** The ways of checking the certificate. */
    public enum Mode {
        SYSTEM, CA_FILE, FINGERPRINT, INSECURE;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static TlsPolicy system() {
        return new TlsPolicy(Mode.SYSTEM, null, null);
    }

    public static TlsPolicy caFile(Path file) {
        return new TlsPolicy(Mode.CA_FILE, file, null);
    }

    public static TlsPolicy fingerprint(String sha256) {
        return new TlsPolicy(Mode.FINGERPRINT, null, normalize(sha256));
    }

    public static TlsPolicy insecure() {
        return new TlsPolicy(Mode.INSECURE, null, null);
    }

    public boolean verified() {
        return mode != Mode.INSECURE;
    }

    /** {@code AB:CD:…} upper case, whether written with colons or not. */
    public static String normalize(String fingerprint) {
        String hex = fingerprint.strip().replace(":", "").toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, Math.min(i + 2, hex.length()));
        }
        return sb.toString();
    }

    /** The SHA-256 fingerprint of a certificate in the form Proxmox shows. */
    public static String fingerprintOf(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return normalize(HexFormat.of().formatHex(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLContext sslContext() {
        try {
            return switch (mode) {
                case SYSTEM -> SSLContext.getDefault();
                case CA_FILE -> context(caTrust(caFile));
                case FINGERPRINT -> context(new PinnedTrust(fingerprint));
                case INSECURE -> context(new PinnedTrust(null));
            };
        } catch (GeneralSecurityException e) {
            throw new SourceException("cannot set up TLS: " + Cause.of(e), e);
        }
    }

    private static SSLContext context(TrustManager trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust}, null);
        return ctx;
    }

    private static TrustManager caTrust(Path file) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new SourceException(file + ": ca-file holds no PEM certificate");
            }
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read ca-file: " + Cause.of(e), e);
        } catch (CertificateException e) {
            throw new SourceException(file + ": ca-file is not a PEM certificate: " + Cause.of(e), e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers()[0];
    }

    /** Accepts the leaf certificate with the pinned fingerprint, or anything when the pin is null. */
    static final class PinnedTrust extends X509ExtendedTrustManager {
        private final String pin;

        PinnedTrust(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (pin == null) {
                return;
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no server certificate");
            }
            String actual = fingerprintOf(chain[0]);
            if (!actual.equals(pin)) {
                throw new CertificateException("certificate fingerprint " + actual
                        + " does not match the configured fingerprint " + pin);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
