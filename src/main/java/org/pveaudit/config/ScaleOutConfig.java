package org.pveaudit.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code scale-out:} section: the Artemis broker through which the collect step hands clusters to the
 * workers of their sites ({@code broker}, a {@code tcp://} URL whose TLS parameters travel in the URL), the
 * broker account ({@code user} with {@code password} from an environment placeholder or {@code password-file}),
 * how long the manager waits for the sites' partitions ({@code wait}, default 10 minutes), and for TLS the password
 * of the URL's trust store ({@code trust-store-password-file}, added to the URL only inside the client).
 * {@link #toString()} never shows the password.
 */
public record ScaleOutConfig(String broker, String user, String password, String passwordFile,
                             // a component named "wait" would clash with Object.wait(); the file's key is "wait"
                             @Name("wait") Duration partitionWait, String trustStorePasswordFile) {

    /** How long the manager waits for remote partitions unless configured. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    public ScaleOutConfig {
        partitionWait = partitionWait == null ? DEFAULT_WAIT : partitionWait;
    }

    ScaleOutConfig resolvedAgainst(java.nio.file.Path dir) {
        return new ScaleOutConfig(broker, user, password, AuditConfig.resolve(dir, passwordFile), partitionWait,
                AuditConfig.resolve(dir, trustStorePasswordFile));
    }

    @Override
    public String toString() {
        return "ScaleOutConfig[broker=" + broker + ", user=" + user + ", password="
                + (password == null ? null : "<redacted>") + ", passwordFile=" + passwordFile + ", wait=" + partitionWait + ", trustStorePasswordFile="
                + trustStorePasswordFile + "]";
    }
}
