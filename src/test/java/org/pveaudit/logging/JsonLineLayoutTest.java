package org.pveaudit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonLineLayoutTest {

    @Test
    void oneParseableLinePerEventWhateverTheMessageHolds() {
        LoggerContext ctx = new LoggerContext();
        JsonLineLayout layout = new JsonLineLayout();
        layout.setContext(ctx);
        layout.start();
        String hostile = "quote \" backslash \\ newline\n tab\t bell\u0007 <script>alert(1)</script> 日本語";
        LoggingEvent e = new LoggingEvent("x", ctx.getLogger("org.pveaudit.test"), Level.WARN, "{}: {}",
                new IllegalStateException("boom\nsecond line"), new Object[] {"prod", hostile});
        String line = layout.doLayout(e);
        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode n = JsonMapper.builder().build().readTree(line);
        assertThat(n.get("level").asString()).isEqualTo("WARN");
        assertThat(n.get("logger").asString()).isEqualTo("org.pveaudit.test");
        assertThat(n.get("message").asString()).isEqualTo("prod: " + hostile);
        assertThat(n.get("exception").asString()).startsWith("java.lang.IllegalStateException: boom\nsecond line");
        assertThat(n.get("timestamp").asString()).endsWith("Z");
    }
}
