package org.pveaudit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class DefaultLoggingTest {

    @Test
    void warningsAndErrorsGoToStderrAsTextUntilTheCommandLineDecides() {
        LoggerContext ctx = new LoggerContext();
        DefaultLogging config = new DefaultLogging();
        config.setContext(ctx);
        assertThat(config.configure(ctx)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        var root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("org.pveaudit.history").getEffectiveLevel()).isEqualTo(Level.WARN);
        var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo(LogSetup.TEXT_PATTERN);
    }

    @Test
    void isRegisteredWithLogback() throws Exception {
        var services = getClass().getResourceAsStream("/META-INF/services/ch.qos.logback.classic.spi.Configurator");
        assertThat(services).isNotNull();
        assertThat(new String(services.readAllBytes()).strip()).isEqualTo(DefaultLogging.class.getName());
    }
}
