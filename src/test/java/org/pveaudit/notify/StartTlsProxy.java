package org.pveaudit.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * GreenMail's SMTP server has no STARTTLS, so this test-only front end speaks the plain part of SMTP up to
 * STARTTLS itself, upgrades the connection with the test certificate ({@code tls/server.p12}, SAN localhost),
 * and then relays the encrypted session's clear text to GreenMail, whose greeting it swallows. The client
 * under test therefore does a real STARTTLS with certificate and host-name checks.
 */
final class StartTlsProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final SSLContext tls;
    private final boolean offerStartTls;

    StartTlsProxy(int targetPort, boolean offerStartTls) throws Exception {
        this.target = targetPort;
        this.offerStartTls = offerStartTls;
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = StartTlsProxy.class.getResourceAsStream("/tls/server.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::acceptLoop, "starttls-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> handle(s), "starttls-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            write(out, "220 localhost ESMTP test front end");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String cmd = line.toUpperCase();
                if (cmd.startsWith("EHLO")) {
                    write(out, offerStartTls ? "250-localhost\r\n250-8BITMIME\r\n250 STARTTLS" : "250-localhost\r\n250 8BITMIME");
                } else if (cmd.startsWith("HELO") || cmd.startsWith("NOOP") || cmd.startsWith("RSET")) {
                    write(out, "250 OK");
                } else if (cmd.startsWith("STARTTLS") && offerStartTls) {
                    write(out, "220 Ready to start TLS");
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, null,
                            client.getPort(), false);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    relay(secure);
                    return;
                } else if (cmd.startsWith("QUIT")) {
                    write(out, "221 Bye");
                    return;
                } else {
                    write(out, "530 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // the client gave up; nothing to do in a test front end
        }
    }

    private void relay(SSLSocket secure) throws IOException {
        try (Socket upstream = new Socket("127.0.0.1", target)) {
            readLine(upstream.getInputStream()); // GreenMail's 220 greeting; the client already had ours
            Thread up = new Thread(() -> pipe(secure, upstream), "starttls-up");
            up.setDaemon(true);
            up.start();
            pipe(upstream, secure);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // connection closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // SSLSocket cannot half-close; the session ends with QUIT anyway
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return b.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
