package org.pveaudit.job.scaleout;

import java.net.ServerSocket;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/** An Artemis broker embedded in the test's JVM, on a free loopback port, without persistence or security. */
final class TestBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server;
    private final int port;

    private TestBroker(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    static TestBroker start() throws Exception {
        return start("");
    }

    /**
     * A broker that speaks only TLS, with a key made for 127.0.0.1 in {@code dir/broker.p12}; clients trust it
     * through {@code dir/trust.p12} (PKCS12, password {@code trust-pw}).
     */
    static TestBroker startTls(java.nio.file.Path dir) throws Exception {
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String keys = dir.resolve("broker.p12").toString();
        String cert = dir.resolve("broker.cer").toString();
        run(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keys,
                "-storepass", "broker-pw", "-keypass", "broker-pw");
        run(keytool, "-exportcert", "-alias", "broker", "-keystore", keys, "-storepass", "broker-pw", "-file", cert);
        run(keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", cert, "-storetype", "PKCS12",
                "-keystore", dir.resolve("trust.p12").toString(), "-storepass", "trust-pw");
        return start("?sslEnabled=true;keyStorePath=" + keys + ";keyStorePassword=broker-pw;keyStoreType=PKCS12");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    private static TestBroker start(String acceptorParameters) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJournalDirectory("target/artemis-unused");
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + acceptorParameters);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        return new TestBroker(server, port);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Messages on the queue not yet acknowledged (waiting or being delivered); 0 for a queue not created. */
    long pending(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount() + q.getDeliveringCount();
    }

    /** Messages the broker removed after too many failed deliveries (each failure rolled back by a consumer). */
    long killed(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessagesKilled();
    }

    /** Messages consumers acknowledged. */
    long acknowledged(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessagesAcknowledged();
    }

    /** When the first message waiting on the queue expires (epoch ms; 0: never), or -1 when none waits. */
    long expiration(String queue) throws Exception {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        if (q == null) {
            return -1;
        }
        try (var messages = q.browserIterator()) {
            return messages.hasNext() ? messages.next().getMessage().getExpiration() : -1;
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
