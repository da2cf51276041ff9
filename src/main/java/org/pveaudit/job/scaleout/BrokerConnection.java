package org.pveaudit.job.scaleout;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.ScaleOutConfig;
import org.pveaudit.failure.Cause;

/**
 * The JMS connection factory of the {@code scale-out:} section: Artemis' core client on the broker URL (TLS
 * settings travel in the URL), with the broker account's password read from the environment placeholder or
 * the password file at start, held only by the client.
 */
public final class BrokerConnection {

    private BrokerConnection() {
    }

    public static ConnectionFactory of(ScaleOutConfig config) {
        String password = config.passwordFile() != null ? secret("scale-out.password-file", config.passwordFile())
                : config.password();
        String url = config.broker();
        if (config.trustStorePasswordFile() != null) {
            // only the client sees this URL; the configured one, printed and logged, carries no password
            url += (url.contains("?") ? "&" : "?") + "trustStorePassword=" + URLEncoder.encode(
                    secret("scale-out.trust-store-password-file", config.trustStorePasswordFile()),
                    StandardCharsets.UTF_8);
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, config.user(), password);
        // a broker that is down is said at once, not after the client's default of retrying forever
        factory.setReconnectAttempts(3);
        factory.setRetryInterval(1000);
        return factory;
    }

    private static String secret(String key, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + Cause.of(e));
        }
    }
}
