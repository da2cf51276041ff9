package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code findings.sarif} of {@link HostileRun} against {@code golden/findings.sarif}; regenerate the golden file
 * with {@code mvn -o test -Dtest=SarifReportTest -Dgolden.update=true} and review the diff.
 */
class SarifReportTest {

    @TempDir
    Path dir;

    @Test
    void sarifMatchesTheGoldenFile() throws Exception {
        Path file = new SarifReport(HostileRun.packs()).write(HostileRun.data(), dir);

        assertThat(file.getFileName()).hasToString(SarifReport.FILE);
        Golden.assertJson(file, "findings.sarif");
    }

    @Test
    void aWaivedFindingIsSuppressedAndARuleErrorFailsTheInvocation() throws Exception {
        JsonNode run = JsonMapper.builder().build()
                .readTree(new SarifReport(HostileRun.packs()).write(HostileRun.data(), dir).toFile())
                .get("runs").get(0);

        assertThat(run.get("tool").get("driver").get("rules")).hasSize(5);
        JsonNode results = run.get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("level").asString()).isEqualTo("error");
        assertThat(results.get(0).get("ruleIndex").asInt()).isZero();
        assertThat(results.get(2).get("level").asString()).isEqualTo("warning");
        assertThat(results.get(3).get("suppressions").get(0).get("justification").asString())
                .startsWith("accepted until the LDAP move");
        assertThat(results.get(0).has("suppressions")).isFalse();
        JsonNode invocation = run.get("invocations").get(0);
        assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
        assertThat(invocation.get("toolExecutionNotifications").get(0).get("associatedRule").get("index").asInt())
                .isEqualTo(4);
    }
}
