package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
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
 * The helper functions a condition may call ({@code #has}, {@code #hasAt}, {@code #hasUnder}, {@code #privs},
 * {@code #daysUntil}, {@code #contains}, {@code #containsAny}, {@code #size}), each stated through the
 * findings of a one-rule pack on a small cluster.
 */
class RuleFunctionsTest {

    private static final long NOW = 1_750_000_000L;
    private static final long DAY = 86_400L;

    private static final String CLUSTER = """
            user:ops@pve:1:0::::::
            user:dev@pve:1:0::::::
            user:idle@pve:1:0::::::
            group:staff:ops@pve,dev@pve:
            acl:1:/vms/100:ops@pve:PVEVMUser:
            acl:1:/nodes/pve1:dev@pve:PVESysAdmin:
            acl:1:/access/groups:@staff:PVEAuditor:
            """;

    @TempDir
    Path dir;

    private final RuleExpressions expressions = new RuleExpressions();

    /** The subject keys for which {@code when} holds, over the given subject kind. */
    private List<String> holds(String subject, String when) throws IOException {
        RuleEngine.Evaluation e = evaluate(subject, when);
        assertThat(e.outcomes()).extracting(RuleOutcome::reason).containsOnlyNulls();
        return e.findings().stream().map(Finding::subjectKey).toList();
    }

    private RuleEngine.Evaluation evaluate(String subject, String when) throws IOException {
        Path f = dir.resolve("pack.yml");
        Files.writeString(f, """
                pack: test
                rules:
                  - id: TEST-FN-001
                    title: function
                    severity: info
                    subject: %s
                    when: "%s"
                    message: "holds"
                """.formatted(subject, when));
        RulePack pack = new RulePackLoader(expressions).load(f.toString());
        ClusterSnapshot s = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", CLUSTER)
                .toSnapshot(new ClusterIdentity("lab", "9.1", List.of()), List.of(), Instant.EPOCH);
        return new RuleEngine(expressions).evaluate(List.of(pack), new ClusterView(s, NOW), RuleSettings.DEFAULTS,
                List.of(), LocalDate.of(2026, 1, 1));
    }

    @Test
    void hasAsksWhetherThePrincipalHoldsThePrivilegeAnywhere() throws IOException {
        assertThat(holds("user", "#has('VM.Console')")).containsExactly("root@pam", "ops@pve");
        assertThat(holds("user", "#has('Sys.Console')")).containsExactly("root@pam", "dev@pve");
        // a group has no principal of its own: no function grants it anything
        assertThat(holds("group", "#has('Sys.Audit') or #hasAt('Sys.Audit', '/access/groups')"
                + " or #hasUnder('Sys.Audit', '/') or #size(#privs('/access/groups')) > 0")).isEmpty();
    }

    @Test
    void hasAtAsksAboutExactlyOnePathAfterInheritance() throws IOException {
        assertThat(holds("user", "#hasAt('VM.Console', '/vms/100')")).containsExactly("root@pam", "ops@pve");
        assertThat(holds("user", "#hasAt('VM.Console', '/vms')")).containsExactly("root@pam");
        assertThat(holds("user", "#hasAt('Sys.Audit', '/access/groups/staff')"))
                .containsExactly("root@pam", "ops@pve", "dev@pve");
    }

    @Test
    void hasUnderAsksAboutThePathAndTheRelevantPathsBelowIt() throws IOException {
        assertThat(holds("user", "#hasUnder('Sys.Console', '/nodes')")).containsExactly("root@pam", "dev@pve");
        assertThat(holds("user", "#hasUnder('Sys.Console', '/nodes/pve1')")).containsExactly("root@pam", "dev@pve");
        assertThat(holds("user", "#hasUnder('Sys.Console', '/vms')")).containsExactly("root@pam");
    }

    @Test
    void privsListsThePrivilegesAtAPath() throws IOException {
        assertThat(holds("user", "#privs('/nodes/pve1') == {'Sys.Audit', 'Sys.Console', 'Sys.Syslog'}"))
                .containsExactly("dev@pve");
        assertThat(holds("user", "#privs('/') == {}")).containsExactly("ops@pve", "dev@pve", "idle@pve");
    }

    @Test
    void aPathLongerThan1024CharactersIsAnError() throws IOException {
        String ok = "/vms" + "/x".repeat(510);
        assertThat(ok).hasSize(1024);
        assertThat(holds("user", "#hasAt('VM.Audit', '" + ok + "')")).containsExactly("root@pam");
        RuleEngine.Evaluation e = evaluate("user", "#hasAt('VM.Audit', '" + ok + "x')");
        assertThat(e.outcomes().get(0).status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(e.outcomes().get(0).reason())
                .contains("a path longer than 1024 characters was given to a helper function");
        assertThat(e.findings()).isEmpty();
    }

    @Test
    void daysUntilCountsWholeDaysFromNow() throws IOException {
        assertThat(holds("cluster", "#daysUntil(" + (NOW + 3 * DAY) + ") == 3")).hasSize(1);
        assertThat(holds("cluster", "#daysUntil(" + (NOW + 3 * DAY - 1) + ") == 2")).hasSize(1);
        assertThat(holds("cluster", "#daysUntil(" + (NOW - 1) + ") == -1")).hasSize(1);
        assertThat(holds("cluster", "#daysUntil(" + NOW + ") == 0")).hasSize(1);
        // 0 means never: further away than any real date
        assertThat(holds("cluster", "#daysUntil(0) > 1000000000000L")).hasSize(1);
    }

    @Test
    void sizeCountsListsMapsAndTextsAndNothingElse() throws IOException {
        assertThat(holds("group", "#size(members) == 2")).containsExactly("staff");
        assertThat(holds("group", "#size(id) == 5")).containsExactly("staff");
        assertThat(holds("group", "#size({'a': 1, 'b': 2}) == 2")).containsExactly("staff");
        assertThat(holds("group", "#size(42) == 0")).containsExactly("staff");
    }

    @Test
    void containsAndContainsAnyLookIntoLists() throws IOException {
        assertThat(holds("group", "#contains(members, 'dev@pve')")).containsExactly("staff");
        assertThat(holds("group", "#contains(members, 'idle@pve')")).isEmpty();
        assertThat(holds("group", "#containsAny(members, {'x@pve', 'ops@pve'})")).containsExactly("staff");
        assertThat(holds("group", "#containsAny(members, {'x@pve'})")).isEmpty();
        assertThat(holds("group", "#containsAny(members, {})")).isEmpty();
        assertThat(holds("group", "#contains(null, 'x') or #containsAny(null, {'x'}) or #containsAny(members, null)"))
                .isEmpty();
    }

    @Test
    void matchesTakesAnRe2PatternThatMustMatchTheWholeValue() throws IOException {
        assertThat(holds("user", "id matches 'root.*'")).containsExactly("root@pam");
        assertThat(holds("user", "id matches 'ROOT.*'")).isEmpty();
        assertThat(holds("user", "id matches '(?i)ROOT@PAM'")).containsExactly("root@pam");
        assertThat(holds("user", "id matches 'pve'")).isEmpty();
        assertThat(holds("user", "id matches '[a-z]+@pve' and id matches 'd.{2}@.*'")).containsExactly("dev@pve");
        assertThat(holds("user", "id matches 'a{5,100}b{100}'")).isEmpty();
    }

    @Test
    void patternsThatCouldRunAwayAreRefusedWhenThePackIsLoaded() throws IOException {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches '(a{100}){101}'"))
                .isInstanceOf(RuleFileException.class).hasMessageContaining("rule TEST-FN-001: the regular expression"
                        + " '(a{100}){101}' repeats too much (nested counts expand to more than 10000 steps)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches 'a{2,}{5000}'"))
                .hasMessageContaining("repeats too much");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches 'x{2}{3}{4}'"))
                .hasMessageContaining("invalid regular expression 'x{2}{3}{4}': invalid nested repetition operator"
                        + " (RE2 syntax: no look-around, no back-references)");
        // the estimate: a group counts its parts plus one, a count multiplies; 10,000 steps is the limit
        assertThat(holds("user", "id matches '(a{99}){100}'")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches '(a{100}){100}'"))
                .hasMessageContaining("repeats too much");
        // a character class is one step, whatever it holds ({9} inside a class is no count)
        assertThat(holds("user", "id matches '([a-z]{999}){10}'")).isEmpty();
        assertThat(holds("user", "id matches '([^]a{9}]{999}){10}'")).isEmpty();
        assertThat(holds("user", "id matches '([[:alpha:]]{999}){10}'")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches '([a-z]{1000}){10}'"))
                .hasMessageContaining("repeats too much");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches '((a{9}){10}){100}'"))
                .hasMessageContaining("repeats too much");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("user", "id matches '(?=a)'"))
                .hasMessageContaining("invalid regular expression '(?=a)'");
    }

    @Test
    void functionsOfAPackAreNamedInWhatItRequires() throws IOException {
        RulePack pack = new RulePackLoader(expressions).load(writePack("#has('Sys.Audit')"));
        assertThat(pack.rules().get(0).requires()).containsAll(RuleFunctions.PRIVILEGE_DATA);
        RulePack size = new RulePackLoader(expressions).load(writePack("#size(groups) > 0"));
        assertThat(size.rules().get(0).requires()).doesNotContain(org.pveaudit.model.Dataset.ACL);
    }

    private String writePack(String when) throws IOException {
        Path f = dir.resolve("p.yml");
        Files.writeString(f, "pack: p\nrules:\n  - id: P-USER-001\n    title: t\n    severity: low\n"
                + "    subject: user\n    when: \"" + when + "\"\n    message: m\n");
        return f.toString();
    }
}
