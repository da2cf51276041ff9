package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code findings.json} of {@link HostileRun} against {@code golden/findings.json}; regenerate the golden file
 * with {@code mvn -o test -Dtest=JsonReportTest -Dgolden.update=true} and review the diff.
 */
class JsonReportTest {

    @TempDir
    Path dir;

    @Test
    void findingsJsonMatchesTheGoldenFile() throws Exception {
        Path file = new JsonReport().write(HostileRun.data(), dir);

        assertThat(file.getFileName()).hasToString(JsonReport.FILE);
        Golden.assertJson(file, "findings.json");
    }

    @Test
    void hostileTextTravelsUnchangedAndRuleErrorsStandApart() throws Exception {
        JsonNode root = JsonMapper.builder().build().readTree(new JsonReport().write(HostileRun.data(), dir).toFile());

        assertThat(root.get("schemaVersion").asInt()).isEqualTo(JsonReport.SCHEMA_VERSION);
        assertThat(root.get("findings")).hasSize(4);
        assertThat(root.get("findings").get(1).get("message").asString()).isEqualTo(HostileRun.HYPERLINK);
        assertThat(root.get("findings").get(1).get("subject").asString()).isEqualTo(HostileRun.DDE);
        assertThat(root.get("findings").get(3).get("waiver").get("status").asString()).isEqualTo("EXPIRING");
        assertThat(root.get("ruleErrors")).hasSize(1);
        assertThat(root.get("ruleErrors").get(0).get("ruleId").asString()).isEqualTo("PVE-POOL-005");
        assertThat(root.get("clusters").get(2).get("error").asString()).endsWith(HostileRun.SCRIPT);
    }
}
