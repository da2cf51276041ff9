package org.pveaudit.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Cause}: real failures of the JDK's file, socket, HTTP and TLS code in plain words. */
class CauseTest {

    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Throwable get(String url) {
        return catchThrowable(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void runningOutOfHeapSaysHowBigTheHeapWasAndHowToRaiseIt() {
        String said = Cause.of(new IllegalStateException("step failed", new OutOfMemoryError("Java heap space")));
        assertThat(said).startsWith("out of memory: the input is too large for a heap of ")
                .contains(" MB; raise it with JAVA_OPTS=-Xmx<size>").doesNotContain("Error");
        assertThat(Cause.of(new StackOverflowError())).isEqualTo("the input is nested too deeply to process");
    }

    @Test
    void filesSayWhyTheyCannotBeRead() throws IOException {
        assertThat(Cause.of(catchThrowable(() -> Files.readAllBytes(dir.resolve("missing.yml")))))
                .isEqualTo("no such file");
        assertThat(Cause.of(catchThrowable(() -> Files.readAllBytes(dir)))).isEqualTo("is a directory");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThat(Cause.of(catchThrowable(() -> Files.readAllBytes(file.resolve("below")))))
                .isEqualTo("not a directory");
        Path binary = Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThat(Cause.of(catchThrowable(() -> Files.readString(binary)))).isEqualTo("not valid UTF-8 text");
        // a write to a full or read-only file system: the JDK's bare IOException with the system's words
        assertThat(Cause.of(new IOException("No space left on device"))).isEqualTo("no space left on device");
        assertThat(Cause.of(new java.io.UncheckedIOException(new IOException("Read-only file system"))))
                .isEqualTo("read-only file system");
        // wrapped, as the loaders and the report step rethrow them
        assertThat(Cause.of(new UncheckedIOException("cannot write reports",
                new java.nio.file.AccessDeniedException("/srv/reports/x")))).isEqualTo("permission denied");
        Path locked = Files.writeString(dir.resolve("locked"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Throwable denied = catchThrowable(() -> Files.readAllBytes(locked));
        if (denied != null) { // root reads anything
            assertThat(Cause.of(denied)).isEqualTo("permission denied");
        }
    }

    @Test
    void aRefusedConnectionIsRefusedNotAClosedChannel() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // the JDK HTTP client: ConnectException without a message around a ClosedChannelException
        assertThat(Cause.of(get("http://127.0.0.1:" + closed + "/"))).isEqualTo("connection refused");
        assertThat(Cause.of(catchThrowable(() -> new Socket("127.0.0.1", closed).close())))
                .isEqualTo("connection refused");
    }

    @Test
    void unknownHostsAndTimeouts() {
        assertThat(Cause.of(new UnknownHostException("smtp.example.org: Name or service not known")))
                .isEqualTo("unknown host smtp.example.org");
        // the HTTP client's form: the host is not named, the caller names it
        assertThat(Cause.of(new ConnectException().initCause(new UnresolvedAddressException())))
                .isEqualTo("unknown host");
        assertThat(Cause.of(new IOException("read failed", new SocketTimeoutException("Read timed out"))))
                .isEqualTo("timed out");
        assertThat(Cause.of(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("connection timed out");
        assertThat(Cause.of(new java.net.http.HttpTimeoutException("request timed out"))).isEqualTo("timed out");
    }

    @Test
    void aResponseCutShortIsSaidSo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = server.accept()) {
                    c.getInputStream().read(new byte[1024]);
                    c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client saw what it saw
                }
            });
            t.start();
            Throwable e = get("http://127.0.0.1:" + server.getLocalPort() + "/");
            t.join();
            assertThat(e).isInstanceOf(IOException.class);
            assertThat(Cause.of(e)).isEqualTo("connection closed before the response ended");
        }
        assertThat(Cause.of(new IOException(new java.nio.channels.ClosedChannelException())))
                .isEqualTo("connection closed");
        assertThat(Cause.of(new EOFException())).isEqualTo("connection closed before the response ended");
        assertThat(Cause.of(new java.net.SocketException("Connection reset"))).isEqualTo("connection reset");
    }

    @Test
    void anUntrustedServerCertificateFailsTheHandshake() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/tls/server.p12"))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = server.accept()) {
                    c.getInputStream().read();
                } catch (IOException ignored) {
                    // the client gives up during the handshake
                }
            });
            t.start();
            Throwable e = get("https://localhost:" + server.getLocalPort() + "/");
            t.join();
            assertThat(Cause.of(e)).isEqualTo("TLS handshake failed: the server certificate is not trusted");
        }
    }

    @Test
    void tlsToAPlainPortSaysSo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = server.accept()) {
                    c.getInputStream().read(new byte[512]);
                    c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client gives up
                }
            });
            t.start();
            Throwable e = get("https://127.0.0.1:" + server.getLocalPort() + "/");
            t.join();
            assertThat(Cause.of(e)).isEqualTo("TLS failed: the server does not speak TLS on this port");
        }
    }

    @Test
    void otherFailuresKeepTheirMessageWithoutClassNames() {
        assertThat(Cause.of(new IllegalStateException("Mail server connection failed; nested exception is: "
                + "org.eclipse.angus.mail.util.MailConnectException: Couldn't connect")))
                .isEqualTo("Mail server connection failed; nested exception is: Couldn't connect");
        assertThat(Cause.of(new RuntimeException(null, new IllegalArgumentException("bad value\nsecond line"))))
                .isEqualTo("bad value");
        assertThat(Cause.of(new NullPointerException())).isEqualTo("internal error");
        // a wrapper that already put the cause in plain words keeps its context
        assertThat(Cause.of(new UncheckedIOException("cannot use the run lock /x.lock: permission denied",
                new java.nio.file.AccessDeniedException("/x.lock")))).isEqualTo(
                "cannot use the run lock /x.lock: permission denied");
        Throwable loop = new RuntimeException();
        Throwable other = new RuntimeException(loop);
        loop.initCause(other);
        assertThat(Cause.of(loop)).isEqualTo("internal error");
    }
}
