package org.pveaudit.failure;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why something failed, in the words an operator uses: {@code connection refused}, {@code no such file},
 * {@code TLS handshake failed: the server certificate is not trusted}; never a Java class name.
 *
 * <p>Callers say what they were doing and where ({@code GET /access/tfa at https://pve1:8006},
 * {@code rules.yml}); this says only why. It depends on nothing but the JDK, so every package may use it.
 */
public final class Cause {

    /** A qualified exception class name with its colon, as {@code Throwable.toString()} puts it into messages. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    /** Reasons the operating system gives for a failed read or write, as a bare IOException carries them. */
    private static final Set<String> OS_REASONS = Set.of("is a directory", "no space left on device",
            "disk quota exceeded", "read-only file system", "input/output error", "file too large");
    /** How far down a chain to look; chains that loop are cut here too. */
    private static final int MAX_DEPTH = 16;

    private Cause() {
    }

    /**
     * The failure in plain words, from the most telling exception of its chain (a {@code ConnectException}
     * says more than the {@code ClosedChannelException} inside it; an {@code EOFException} inside an
     * {@code IOException} says more than the wrapper), or the message of a wrapper that already ends with those
     * words. Unknown exceptions give their message without class names; an exception without any message
     * gives {@code internal error}.
     */
    public static String of(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof OutOfMemoryError) {
                // the input outgrew the heap: say how big the heap was and how to raise it
                return "out of memory: the input is too large for a heap of "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB; raise it with "
                        + "JAVA_OPTS=-Xmx<size> (docs/operations.md, \"Sizing\")";
            }
            if (t instanceof StackOverflowError) {
                return "the input is nested too deeply to process";
            }
        }
        String known = network(chain);
        if (known == null) {
            known = file(chain);
        }
        if (known != null) {
            // a wrapper that already says it in context ("cannot use the run lock x: permission denied") is kept
            for (Throwable t : chain) {
                String m = clean(t.getMessage());
                if (m.length() > known.length() && m.endsWith(": " + known)) {
                    return m;
                }
            }
            return known;
        }
        for (Throwable t : chain) {
            String m = clean(t.getMessage());
            if (!m.isEmpty()) {
                return m;
            }
        }
        return "internal error";
    }

    private static String network(List<Throwable> chain) {
        String unreached = unreached(chain);
        if (unreached != null) {
            return unreached;
        }
        for (Throwable t : chain) {
            if (t instanceof SSLHandshakeException) {
                return "TLS handshake failed: " + tlsDetail(chain, t);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SSLException) {
                return "TLS failed: " + tlsDetail(chain, t);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof ConnectException) {
                // the JDK HTTP client throws it without a message, around a ClosedChannelException
                return lower(t.getMessage()).contains("timed out") ? "connection timed out" : "connection refused";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof EOFException) {
                return "connection closed before the response ended";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ClosedChannelException) {
                return "connection closed";
            }
            if (t instanceof SocketException) {
                String m = firstLower(clean(t.getMessage()));
                return m.isEmpty() ? "connection failed" : m;
            }
            if (t instanceof InterruptedIOException) {
                return "interrupted";
            }
        }
        return null;
    }

    /** An unknown host or a timeout, the causes named before any other (they often wrap the others). */
    private static String unreached(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof UnknownHostException) {
                String host = clean(t.getMessage());
                int colon = host.indexOf(": ");
                host = colon > 0 ? host.substring(0, colon) : host;
                return host.isEmpty() ? "unknown host" : "unknown host " + host;
            }
            if (t instanceof UnresolvedAddressException) {
                // the JDK HTTP client's form of an unknown host; it does not name the host
                return "unknown host";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof HttpConnectTimeoutException
                    || (t instanceof ConnectException || t instanceof SocketTimeoutException)
                    && lower(t.getMessage()).contains("connect timed out")) {
                return "connection timed out";
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return "timed out";
            }
        }
        return null;
    }

    private static String file(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof NoSuchFileException) {
                return "no such file";
            }
            if (t instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (t instanceof NotDirectoryException) {
                return "not a directory";
            }
            if (t instanceof DirectoryNotEmptyException) {
                return "directory not empty";
            }
            if (t instanceof FileAlreadyExistsException) {
                return "already exists";
            }
            if (t instanceof FileSystemException fs) {
                // the operating system's reason: "Is a directory", "Read-only file system", "No space left on device"
                String reason = firstLower(clean(fs.getReason()));
                return reason.isEmpty() ? "file system error" : reason;
            }
            if (t instanceof FileNotFoundException) {
                // java.io's form: "/etc/x.yml (No such file or directory)"
                String m = clean(t.getMessage());
                String reason = m.endsWith(")") && m.lastIndexOf(" (") >= 0
                        ? m.substring(m.lastIndexOf(" (") + 2, m.length() - 1) : "";
                return switch (reason.toLowerCase(Locale.ROOT)) {
                    case "no such file or directory" -> "no such file";
                    case "" -> m.isEmpty() ? "no such file" : m;
                    default -> firstLower(reason);
                };
            }
            if (t instanceof CharacterCodingException) {
                return "not valid UTF-8 text";
            }
            if (t.getClass() == IOException.class && t.getCause() == null) {
                // the operating system's reason in a bare IOException: Files.readAllBytes on a folder ("Is a
                // directory"), a write to a full or read-only file system ("No space left on device")
                String m = clean(t.getMessage());
                if (OS_REASONS.contains(m.toLowerCase(Locale.ROOT))) {
                    return m.toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    /** What went wrong in a TLS handshake, from the certificate checks underneath it. */
    private static String tlsDetail(List<Throwable> chain, Throwable tls) {
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException) {
                return "the server certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the server certificate is not valid yet";
            }
        }
        String all = String.join(" ", chain.stream().map(t -> lower(t.getMessage())).toList());
        if (all.contains("unable to find valid certification path") || all.contains("pkix path")) {
            return "the server certificate is not trusted";
        }
        if (all.contains("no subject alternative") || all.contains("no name matching")) {
            return "the server certificate does not name this host";
        }
        if (all.contains("unrecognized ssl message") || all.contains("plaintext connection")) {
            return "the server does not speak TLS on this port";
        }
        if (all.contains("certificate_unknown") || all.contains("bad_certificate")) {
            return "the server did not accept the certificate exchange";
        }
        // the deepest message is the most specific one (a fingerprint mismatch, a protocol alert)
        for (int i = chain.size() - 1; i >= chain.indexOf(tls); i--) {
            String m = clean(chain.get(i).getMessage());
            if (!m.isEmpty()) {
                return m.startsWith("Received fatal alert: ") ? "the server ended it ("
                        + m.substring("Received fatal alert: ".length()) + ")" : m;
            }
        }
        return "no details";
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The message's first line without class names, or "" when there is none. */
    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return CLASS_NAME.matcher(first).replaceAll("").replaceAll("\\s+", " ").strip();
    }

    private static String lower(String message) {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }

    /** "Connection reset" → "connection reset"; leaves "TLS …" and other acronyms alone. */
    private static String firstLower(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
