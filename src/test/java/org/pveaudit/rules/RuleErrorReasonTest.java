package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.source.usercfg.UserCfgParser;

/**
 * A condition that fails at run time makes the rule's outcome ERROR, with a reason in the words of the
 * rule author (no Java class names): what went wrong, where in the condition, and on which subject.
 */
class RuleErrorReasonTest {

    @TempDir
    Path dir;

    private final RuleExpressions expressions = new RuleExpressions();

    private RuleOutcome outcome(String when) throws IOException {
        RulePack pack = new RulePackLoader(expressions).load(OneRulePack.write(dir, when));
        ClusterSnapshot s = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9))
                .parse("user.cfg", "user:bob@pve:1:0::::::\ngroup:g:bob@pve:\n")
                .toSnapshot(new ClusterIdentity("lab", "9.1", List.of()), List.of(), Instant.EPOCH);
        RuleEngine.Evaluation e = new RuleEngine(expressions).evaluate(List.of(pack), new ClusterView(s, 0),
                RuleSettings.DEFAULTS, List.of(), LocalDate.of(2026, 1, 1));
        assertThat(e.findings()).as("a failed rule reports no findings").isEmpty();
        RuleOutcome o = e.outcomes().get(0);
        assertThat(o.status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(o.findings()).isZero();
        return o;
    }

    private String reason(String when) throws IOException {
        return outcome(when).reason();
    }

    @Test
    void indexesPastTheEnd() throws IOException {
        assertThat(reason("id[100] == 'x'"))
                .isEqualTo("index 100 is past the end of a text of 8 characters (at character 3), on user root@pam");
        assertThat(reason("groups[3] == 'x'"))
                .isEqualTo("index 3 is past the end of a list of 0 (at character 7), on user root@pam");
        assertThat(reason("{1,2}[5] == 1"))
                .isEqualTo("index 5 is past the end of a list of 2 (at character 6), on user root@pam");
    }

    @Test
    void missingValues() throws IOException {
        assertThat(reason("firstname[0] == 'a'"))
                .isEqualTo("indexes [...] into a missing value (null) (at character 10), on user root@pam");
    }

    @Test
    void valuesOfTheWrongKind() throws IOException {
        assertThat(reason("#params['n'] > 3"))
                .isEqualTo("cannot compare text with a number (at character 1), on user root@pam");
        assertThat(reason("#params['n'] - 1 > 0"))
                .isEqualTo("the operator '-' cannot combine text and a number (at character 1), on user root@pam");
        assertThat(reason("#params['n'].x == 1"))
                .isEqualTo("'x' is not a field of text (at character 14), on user root@pam");
        assertThat(reason("groups.![#this.x] != null"))
                .isEqualTo("'x' is not a field of text (at character 8), on user bob@pve");
        assertThat(reason("groups.?[#this] != null")).isEqualTo(
                "a selection ?[...] gave something other than true or false (at character 8), on user bob@pve");
    }

    @Test
    void arithmetic() throws IOException {
        assertThat(reason("expire / 0 > 1")).isEqualTo("division by zero, on user root@pam");
        assertThat(reason("expire % 0 > 1")).isEqualTo("division by zero, on user root@pam");
    }

    @Test
    void textGrowingBeyondItsLimit() throws IOException {
        assertThat(reason("id * 100000 == 'x'"))
                .isEqualTo("repeats text longer than 256 characters (at character 6), on user root@pam");
    }

    @Test
    void helperFunctionsFailingOnTheirInput() throws IOException {
        assertThat(reason("#privs(#params['n'])[0] == 1"))
                .isEqualTo("index 0 is past the end of a list of 0 (at character 21), on user bob@pve");
    }

    @Test
    void helperFunctionsGivenTheWrongKindOfValue() throws IOException {
        assertThat(reason("#hasAt(null, '/')")).isEqualTo("helper function #hasAt failed: a missing value (null)"
                + " where a value was expected (at character 1), on user root@pam");
        assertThat(reason("#daysUntil(#params['n']) > 0"))
                .isEqualTo("needs a number but got text (at character 1), on user root@pam");
        assertThat(reason("expire between {#params['n'], 2}"))
                .isEqualTo("cannot compare a number with text (at character 8), on user root@pam");
    }
}
