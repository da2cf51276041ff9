package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules check} refuses what it can know without a cluster, naming file:line:column and rule id, exit 2. */
class RulesCheckCommandTest {

    @TempDir
    Path dir;

    private Path pack(String when) throws IOException {
        Path file = dir.resolve("pack.yml");
        Files.writeString(file, """
                pack: test
                version: "1"
                rules:
                  - id: TEST-USER-001
                    title: test
                    severity: low
                    subject: user
                    when: "%s"
                    message: "{id}"
                """.formatted(when));
        return file;
    }

    private AuditCommandTest.Run check(String when) throws IOException {
        return AuditCommandTest.run("rules", "check", pack(when).toString());
    }

    @Test
    void unknownFieldsGetClassAndTypeErrorsAreRefusedWithFileLineColumnAndRuleId() throws IOException {
        AuditCommandTest.Run unknown = check("comments != null");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("pve-audit: " + dir.resolve("pack.yml") + ":8:5: rule "
                + "TEST-USER-001: unknown field 'comments'; known: ");
        AuditCommandTest.Run getClass = check("comment.getClass().getName() == 'x'");
        assertThat(getClass.exit()).isEqualTo(2);
        assertThat(getClass.err()).contains(":8:5: rule TEST-USER-001: expression not allowed: method call");
        AuditCommandTest.Run dotClass = check("comment.class.name == 'x'");
        assertThat(dotClass.err()).contains(":8:5: rule TEST-USER-001: expression not allowed: '.class'");
        AuditCommandTest.Run type = check("tokens == 'many'");
        assertThat(type.exit()).isEqualTo(2);
        assertThat(type.err()).contains(":8:5: rule TEST-USER-001: compares field 'tokens' (a number) with "
                + "''many'' (text): this is never true (at character 8)");
        AuditCommandTest.Run regex = check("comment matches '(?<=x)y'");
        assertThat(regex.err()).contains("rule TEST-USER-001: invalid regular expression");
        for (AuditCommandTest.Run r : new AuditCommandTest.Run[] {unknown, getClass, dotClass, type, regex}) {
            assertThat(r.err().strip()).doesNotContain("\n", "Exception");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aDivisionByZeroIsLeftToTheRunWhichReportsItAsError() throws IOException {
        AuditCommandTest.Run ok = check("tokens / 0 > 1");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("1 rule, OK");
    }
}
