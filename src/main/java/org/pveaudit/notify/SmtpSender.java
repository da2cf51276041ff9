package org.pveaudit.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.pveaudit.config.MailConfig;
import org.pveaudit.failure.Cause;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Builds the SMTP client from the {@code mail:} settings: STARTTLS is required (not opportunistic) when
 * chosen, the server's certificate and host name are always verified (against {@code ca-file} when set),
 * and every network operation has a timeout.
 */
public final class SmtpSender {

    private SmtpSender() {
    }

    public static JavaMailSenderImpl create(MailConfig m) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        String protocol = m.security() == MailConfig.Security.SMTPS ? "smtps" : "smtp";
        sender.setProtocol(protocol);
        sender.setHost(m.host());
        sender.setPort(m.port());
        sender.setDefaultEncoding("UTF-8");
        if (m.username() != null) {
            sender.setUsername(m.username());
            sender.setPassword(password(m));
        }
        Properties p = new Properties();
        if (m.from() != null) {
            // the Message-ID is made with the domain of this address, not the auditing host's name
            p.setProperty("mail.from", m.from());
        }
        String prefix = "mail." + protocol + ".";
        String timeout = String.valueOf(m.timeout().toMillis());
        p.setProperty(prefix + "connectiontimeout", timeout);
        p.setProperty(prefix + "timeout", timeout);
        p.setProperty(prefix + "writetimeout", timeout);
        p.setProperty(prefix + "auth", String.valueOf(m.username() != null));
        if (m.security() == MailConfig.Security.STARTTLS) {
            p.setProperty(prefix + "starttls.enable", "true");
            p.setProperty(prefix + "starttls.required", "true");
        }
        if (m.security() != MailConfig.Security.NONE) {
            p.setProperty(prefix + "ssl.checkserveridentity", "true");
            if (m.caFile() != null) {
                p.put(prefix + "ssl.socketFactory", trusting(Path.of(m.caFile())).getSocketFactory());
            }
        }
        sender.setJavaMailProperties(p);
        return sender;
    }

    /** The password from the environment placeholder or the file (first line, without the line break). */
    static String password(MailConfig m) {
        if (m.password() != null) {
            return m.password();
        }
        if (m.passwordFile() == null) {
            return null;
        }
        try {
            String text = Files.readString(Path.of(m.passwordFile()), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl >= 0 ? text.substring(0, nl) : text).replace("\r", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mail.password-file " + m.passwordFile() + ": "
                    + Cause.of(e));
        }
    }

    /** A TLS context that trusts only the certificates in {@code caFile} (PEM). */
    static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalStateException("mail.ca-file " + caFile + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            // the sentence says it all; a chained cause would make it read as that cause alone
            throw new IllegalStateException("cannot read mail.ca-file " + caFile + ": " + Cause.of(e));
        }
    }
}
