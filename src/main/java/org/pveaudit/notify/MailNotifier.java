package org.pveaudit.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.pveaudit.config.MailConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.MailDelivery;
import org.pveaudit.report.ReportData;
import org.pveaudit.rules.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends a run's result by e-mail after the reports are written: applies the send policy and the
 * severity routes, renders the HTML and text bodies, attaches the workbook and (within
 * {@code max-attachment-bytes}) the HTML report, retries transient SMTP errors with a short bounded
 * backoff and records the outcome in {@code run_mail}. It never throws and never touches the reports on
 * disk; a failure comes back as {@link MailResult.Status#FAILED}, and the caller turns it into exit code 3.
 */
public final class MailNotifier {

    private static final Logger log = LoggerFactory.getLogger(MailNotifier.class);
    static final String XLSX = "report.xlsx";
    static final String HTML = "report.html";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final ResolvedFindings resolved;
    private final Function<MailConfig, JavaMailSender> senders;
    /** Where the report folders are published ({@code report.base-url}), or null: then the mail gives paths. */
    private final String baseUrl;

    public MailNotifier() {
        this(ResolvedFindings.UNKNOWN);
    }

    /** @param resolved the history's count of resolved findings (see {@link ResolvedFindings}) */
    public MailNotifier(ResolvedFindings resolved) {
        this(resolved, SmtpSender::create);
    }

    MailNotifier(ResolvedFindings resolved, Function<MailConfig, JavaMailSender> senders) {
        this(resolved, senders, null);
    }

    private MailNotifier(ResolvedFindings resolved, Function<MailConfig, JavaMailSender> senders, String baseUrl) {
        this.resolved = resolved;
        this.senders = senders;
        this.baseUrl = baseUrl;
    }

    /** The same notifier linking to the reports under {@code baseUrl} (null: paths on the auditing host). */
    public MailNotifier withBaseUrl(String baseUrl) {
        return new MailNotifier(resolved, senders, baseUrl);
    }

    /** The address of the run's HTML report under the base URL, or null. */
    String reportUrl(Path reportDir) {
        if (baseUrl == null || reportDir == null || reportDir.getFileName() == null) {
            return null;
        }
        return baseUrl.replaceAll("/+$", "") + "/" + reportDir.getFileName() + "/" + HTML;
    }

    /**
     * @param templates a folder of replacement templates ({@code report.templates}), or null
     * @param exitCode  the run's exit code before the e-mail
     * @param failure   why the job failed, or null
     */
    public MailResult notify(MailConfig mail, AuditHistory history, long runId, Path templates, int exitCode,
                             String failure) {
        String policy = mail.send().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String subject = null;
        List<String> attached = new ArrayList<>();
        MailResult result;
        long start = System.nanoTime();
        try {
            ReportData data = ReportData.of(history, runId);
            MailSummary summary = new MailSummary(data, exitCode, failure, resolved.count(runId));
            subject = summary.subject(mail.subjectPrefix());
            MailSummary.Recipients recipients = summary.recipients(mail);
            if (!summary.shouldSend(mail.send(), Severity.parse(mail.minSeverity()))) {
                result = new MailResult(MailResult.Status.SKIPPED, "", 0, "send policy " + policy);
            } else if (recipients.isEmpty()) {
                result = new MailResult(MailResult.Status.SKIPPED, "", 0, "no recipient (mail.to is empty "
                        + "and no route applies)");
            } else {
                Path reportDir = data.run().reportDir() == null ? null : Path.of(data.run().reportDir());
                result = send(mail, summary, subject, recipients, reportDir, templates, attached);
            }
        } catch (IOException | RuntimeException e) {
            // a template or the history could not be read: nothing was sent
            result = new MailResult(MailResult.Status.FAILED, "", 0, scrub(mail, "cannot prepare the message: "
                    + Cause.of(e)));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        switch (result.status()) {
            case SENT -> log.info("mail: sent \"{}\" to {} in {} ms ({} attempt{})", subject, result.recipients(), ms,
                    result.attempts(), result.attempts() == 1 ? "" : "s");
            case SKIPPED -> log.info("mail: not sent: {}", result.detail());
            case FAILED -> log.error("mail: not sent ({}): {}", result.attempts() == 0 ? "not attempted"
                    : result.attempts() + " attempt" + (result.attempts() == 1 ? "" : "s"), result.detail());
        }
        try {
            history.mail().record(runId, new MailDelivery(result.status().name(), result.recipients(),
                    result.attempts(), result.detail(), policy, subject, attached));
        } catch (RuntimeException e) {
            log.error("mail: cannot record the outcome in the history: {}", Cause.of(e));
        }
        return result;
    }

    private MailResult send(MailConfig mail, MailSummary summary, String subject, MailSummary.Recipients recipients,
                            Path reportDir, Path templates, List<String> attached) throws IOException {
        List<Path> files = attachments(reportDir, mail.maxAttachmentBytes().toBytes(), mail.attachHtml());
        files.forEach(f -> attached.add(f.getFileName().toString()));
        String note = null;
        String url = reportUrl(reportDir);
        if (reportDir != null && Files.isRegularFile(reportDir.resolve(HTML)) && !attached.contains(HTML)) {
            String where = url != null ? "at " + url : "in " + reportDir.resolve(HTML);
            note = mail.attachHtml() ? "The HTML report is larger than the attachment limit ("
                    + mail.maxAttachmentBytes().toBytes() + " bytes) and is not attached; it is " + where + "."
                    : "The HTML report is " + where + ".";
        }
        MailTemplates templatesEngine = new MailTemplates(templates);
        Map<String, Object> model = MailTemplates.model(summary, subject,
                reportDir == null ? null : reportDir.toAbsolutePath().toString(), List.copyOf(attached), note);
        model.put("reportUrl", url == null ? "" : url);
        String html = templatesEngine.html(model);
        String text = templatesEngine.text(model);
        JavaMailSender sender = senders.apply(mail);
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                MimeMessage message = sender.createMimeMessage();
                MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
                helper.setFrom(mail.from());
                helper.setTo(recipients.to().toArray(String[]::new));
                helper.setCc(recipients.cc().toArray(String[]::new));
                helper.setSubject(subject);
                helper.setText(text, html);
                for (Path f : files) {
                    helper.addAttachment(f.getFileName().toString(), new FileSystemResource(f), contentType(f));
                }
                message.setHeader("Auto-Submitted", "auto-generated");
                message.setHeader("X-PVE-Audit-Run", String.valueOf(summary.data().run().id()));
                sender.send(message);
                return new MailResult(MailResult.Status.SENT, recipients.toString(), attempts, null);
            } catch (MessagingException e) {
                throw new MailPreparationException("cannot build the message: " + Cause.of(e), e);
            } catch (MailException e) {
                boolean transientError = isTransient(e);
                if (!transientError || attempts > mail.retries()) {
                    return new MailResult(MailResult.Status.FAILED, recipients.toString(), attempts,
                            scrub(mail, describe(mail, e)));
                }
                Duration wait = backoff(mail.retryBackoff(), attempts);
                log.warn("mail: attempt {} failed ({}); retrying in {} ms", attempts, scrub(mail, describe(mail, e)),
                        wait.toMillis());
                sleep(wait);
            }
        }
    }

    /** The workbook, and the HTML report too when both fit under the limit. */
    static List<Path> attachments(Path reportDir, long limit, boolean withHtml) throws IOException {
        List<Path> files = new ArrayList<>();
        if (reportDir == null) {
            return files;
        }
        Path xlsx = reportDir.resolve(XLSX);
        Path html = reportDir.resolve(HTML);
        long size = 0;
        if (Files.isRegularFile(xlsx) && Files.size(xlsx) <= limit) {
            files.add(xlsx);
            size += Files.size(xlsx);
        }
        if (withHtml && Files.isRegularFile(html) && size + Files.size(html) <= limit) {
            files.add(html);
        }
        return files;
    }

    private static String contentType(Path f) {
        return f.getFileName().toString().endsWith(".xlsx")
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/html; charset=UTF-8";
    }

    static Duration backoff(Duration base, int attempt) {
        Duration d = base.multipliedBy(1L << Math.min(attempt - 1, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Transient: the server could not be reached, timed out, or answered 4xx. Permanent: authentication,
     * TLS verification, a 5xx answer, or a server without the required STARTTLS.
     */
    static boolean isTransient(MailException e) {
        if (e instanceof MailAuthenticationException || e instanceof MailPreparationException) {
            return false;
        }
        boolean network = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : nextCause(t)) {
            if (t instanceof SSLException) {
                return false;
            }
            int code = smtpCode(t);
            if (code >= 500) {
                return false;
            }
            if (code >= 400 || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof java.net.SocketException || t instanceof java.net.UnknownHostException) {
                network = true;
            }
            if (t.getMessage() != null && t.getMessage().contains("STARTTLS is required")) {
                return false;
            }
        }
        return network || e instanceof org.springframework.mail.MailSendException;
    }

    /** The SMTP reply code of Angus Mail's SMTP exceptions (a runtime dependency, so read reflectively), else -1. */
    static int smtpCode(Throwable t) {
        if (!t.getClass().getName().startsWith("org.eclipse.angus.mail.smtp.SMTP")) {
            return -1;
        }
        try {
            return (int) t.getClass().getMethod("getReturnCode").invoke(t);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return -1;
        }
    }

    private static Throwable nextCause(Throwable t) {
        if (t instanceof org.springframework.mail.MailSendException s && !s.getFailedMessages().isEmpty()
                && t.getCause() == null) {
            return s.getFailedMessages().values().iterator().next();
        }
        if (t instanceof MessagingException m && m.getNextException() != null && t.getCause() == null) {
            return m.getNextException();
        }
        return t.getCause();
    }

    /**
     * A failed send in one line, for the operator: which server and why, in plain words
     * ({@code cannot connect to smtp.example.org:25 (connection refused)}), never the nested exceptions of
     * Spring and Jakarta Mail.
     */
    static String describe(MailConfig mail, Throwable e) {
        String server = mail.host() + ":" + mail.port();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 16 && !chain.contains(t); t = nextCause(t)) {
            chain.add(t);
        }
        Throwable network = chain.stream().filter(t -> t instanceof IOException).findFirst().orElse(null);
        for (Throwable t : chain) {
            if (t instanceof MailAuthenticationException || t instanceof jakarta.mail.AuthenticationFailedException) {
                String reply = chain.stream().map(x -> oneLine(x.getMessage()))
                        .filter(m -> m.matches("\\d{3}[ -].*")).findFirst().orElse("");
                return server + " refused the login" + (reply.isEmpty() ? "" : " (" + reply + ")");
            }
            if (t.getMessage() != null && t.getMessage().contains("STARTTLS is required")) {
                return server + " does not offer STARTTLS, which security: starttls requires";
            }
        }
        boolean connecting = chain.stream().anyMatch(t -> t.getClass().getName().endsWith(".MailConnectException")
                || t.getMessage() != null && t.getMessage().startsWith("Could not connect")
                || t instanceof ConnectException || t instanceof java.net.UnknownHostException
                || t instanceof java.net.NoRouteToHostException || t instanceof SSLException);
        if (connecting) {
            return "cannot connect to " + server + " (" + Cause.of(network != null ? network : chain.get(
                    chain.size() - 1)) + ")";
        }
        for (Throwable t : chain) {
            if (smtpCode(t) > 0) {
                return server + " answered " + oneLine(t.getMessage());
            }
        }
        if (network != null) {
            return "the connection to " + server + " failed (" + Cause.of(network) + ")";
        }
        return "cannot send through " + server + ": " + Cause.of(chain.get(chain.size() - 1));
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    /** Belt and braces: the password never appears in what is logged or recorded. */
    static String scrub(MailConfig mail, String text) {
        if (text == null) {
            return null;
        }
        String password = null;
        try {
            password = SmtpSender.password(mail);
        } catch (RuntimeException ignored) {
            // unreadable file: nothing to hide
        }
        return password == null || password.length() < 3 ? text : text.replace(password, "<redacted>");
    }
}
