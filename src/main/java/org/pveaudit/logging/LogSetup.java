package org.pveaudit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * The process's logging, set once by the command line: a level for pve-audit's own messages (libraries
 * stay at WARN, so connection URLs and library chatter never appear), and text or JSON lines on stderr.
 * Spring Boot's logging system is kept out of it (see {@code AuditRunner}), so a run's context does not
 * reset what is set here.
 */
public final class LogSetup {

    /** The text format, also of the default configuration ({@link DefaultLogging}). */
    public static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %msg%n";

    /**
     * The logger of what an audit's operator must see at its end (coverage gaps, waivers to review, clusters
     * not audited): at WARN even with {@code --quiet}, which drops only informational output.
     */
    public static final String NOTICES = "org.pveaudit.notices";

    private static volatile boolean configured;

    private LogSetup() {
    }

    /**
     * @param level pve-audit's level: ERROR ({@code --quiet}), WARN (default), INFO ({@code -v})
     * @param json  one JSON object per line instead of text
     */
    public static void configure(Level level, boolean json) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        install(ctx, level, json);
        configured = true;
    }

    /** Replaces the appenders of {@code ctx} with one on stderr and sets the levels (see {@link #configure}). */
    static void install(LoggerContext ctx, Level level, boolean json) {
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName(json ? "JSON" : "STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(ctx, json));
        appender.start();
        root.addAppender(appender);
        root.setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
        ctx.getLogger("org.pveaudit").setLevel(level);
        ctx.getLogger(NOTICES).setLevel(level.isGreaterOrEqual(Level.WARN) ? Level.WARN : level);
        // a failed step ends the audit with one plain line ("the run failed: …"); Batch's stack trace of the
        // same failure is kept for -v, the JSON log and schedule (INFO), where a developer may need it
        ctx.getLogger("org.springframework.batch.core.step.AbstractStep")
                .setLevel(level.isGreaterOrEqual(Level.WARN) ? Level.OFF : null);
        // likewise a context that cannot start (a full, read-only or damaged history database) ends the audit with
        // one line naming the file; Spring's and the pool's traces of it are kept for -v
        for (String name : new String[] {"org.springframework.boot.SpringApplication",
                "org.springframework.context.annotation.AnnotationConfigApplicationContext",
                "com.zaxxer.hikari.pool.HikariPool"}) {
            ctx.getLogger(name).setLevel(level.isGreaterOrEqual(Level.WARN) ? Level.OFF : null);
        }
    }

    /** Whether the command line configured logging (else {@link DefaultLogging}'s defaults apply). */
    public static boolean configured() {
        return configured;
    }

    /** Raises pve-audit's own messages to at least INFO (for callers that ask for verbose output). */
    public static void atLeastInfo() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            Logger own = ctx.getLogger("org.pveaudit");
            if (own.getLevel() == null || own.getLevel().isGreaterOrEqual(Level.WARN)) {
                own.setLevel(Level.INFO);
            }
        }
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json) {
        if (json) {
            JsonLineLayout layout = new JsonLineLayout();
            layout.setContext(ctx);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            encoder.setContext(ctx);
            encoder.setLayout(layout);
            encoder.setCharset(StandardCharsets.UTF_8);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }
}
