package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a condition is refused for before any cluster is touched (ConditionCheck, LinearRegex). */
class RuleConditionCheckTest {

    private final RuleExpressions expressions = new RuleExpressions();

    private void refused(SubjectKind kind, String when, String reason) {
        assertThatThrownBy(() -> expressions.parse(when, kind, Set.of("days"))).as(when)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason)
                .hasMessageNotContaining("\n");
    }

    private void accepted(SubjectKind kind, String when) {
        assertThat(expressions.parse(when, kind, Set.of("days"))).as(when).isNotNull();
    }

    @Test
    void reflectionAndCodeAreRefused() {
        refused(SubjectKind.USER, "comment.class != null", "expression not allowed: '.class'");
        refused(SubjectKind.USER, "options != null", "unknown field 'options'");
        refused(SubjectKind.USER, "comment.getClass() != null", "expression not allowed: method call");
        refused(SubjectKind.USER, "getClass() != null", "expression not allowed: method call");
        refused(SubjectKind.USER, "T(java.lang.Runtime) != null", "expression not allowed: type reference");
        refused(SubjectKind.USER, "new java.lang.ProcessBuilder('id') != null", "expression not allowed: constructor");
        refused(SubjectKind.USER, "@bean != null", "expression not allowed: bean reference");
        refused(SubjectKind.USER, "#root.class != null", "unknown variable #root");
        refused(SubjectKind.USER, "#exec('id')", "unknown function #exec");
        refused(SubjectKind.USER, "['secret'] != null", "unknown field 'secret'");
    }

    @Test
    void typeErrorsAgainstTheSubjectsFieldsAreRefusedWithTheirPosition() {
        refused(SubjectKind.USER, "comment == 5", "compares field 'comment' (text) with '5' (a number): this is never "
                + "true (at character 9)");
        refused(SubjectKind.TOKEN, "expire > 'never'", "compares field 'expire' (a number) with ''never'' (text)");
        refused(SubjectKind.USER, "enabled == 'yes'", "compares field 'enabled' (true or false) with ''yes'' (text)");
        refused(SubjectKind.USER, "privileges > 3", "cannot order a list");
        refused(SubjectKind.USER, "comment", "a condition must be true or false, but this one gives text");
        refused(SubjectKind.USER, "tokens + 1", "a condition must be true or false, but this one gives a number");
        refused(SubjectKind.USER, "!comment", "'not' (!) needs true or false, but field 'comment' (text) is given");
        refused(SubjectKind.USER, "enabled and email", "'and' needs true or false, but field 'email' (text) is given");
        refused(SubjectKind.USER, "privileges.size > 0", "'privileges' is a list: it has no '.size'");
        refused(SubjectKind.USER, "comment.length > 0", "'comment' is text: it has no '.length'");
        refused(SubjectKind.USER, "expire[0] == 1", "'expire' is a number: it cannot be indexed");
        refused(SubjectKind.USER, "comment.![#this] != null", "needs a list");
        refused(SubjectKind.USER, "comment - 1 > 0", "arithmetic ('(comment - 1)') needs numbers, but field 'comment'");
        refused(SubjectKind.USER, "#daysUntil(comment) < 0", "argument 1 of #daysUntil must be a number");
        refused(SubjectKind.USER, "#has(1)", "argument 1 of #has must be text");
        refused(SubjectKind.USER, "#contains(comment, 'x')", "argument 1 of #contains must be a list");
        refused(SubjectKind.USER, "privileges matches 'Sys.*'", "'matches' needs text on its left");
        refused(SubjectKind.USER, "comment matches 5", "'matches' needs a text pattern on its right");
        refused(SubjectKind.USER, "privileges.?[#this.length() > 3] != null", "method call");
        // what #this holds is not known: left to run time
        accepted(SubjectKind.USER, "privileges.?[#this] != null");
    }

    @Test
    void regularExpressionsAreRe2AndSmall() {
        refused(SubjectKind.USER, "comment matches '(?=a)b'", "invalid regular expression '(?=a)b'");
        refused(SubjectKind.USER, "comment matches '(a)\\1'", "invalid regular expression");
        refused(SubjectKind.USER, "comment matches '((a{1000}){1000}){1000}'", "repeats too much");
        refused(SubjectKind.USER, "comment matches '" + "a".repeat(1001) + "'", "longer than 1000 characters");
        accepted(SubjectKind.USER, "comment != null and comment matches '(.*a){20}$'");
        accepted(SubjectKind.USER, "comment != null and comment matches '[a-z]{1000}'");
        accepted(SubjectKind.USER, "comment != null and comment matches '(?i)^[[:alpha:]]+ \\\\Q(x)\\\\E$'");
    }

    @Test
    void aConditionLongerThanSpelAcceptsIsRefusedInPlainWords() {
        refused(SubjectKind.USER, "comment == '" + "x".repeat(10_000) + "'", "the condition is longer than 10000 characters");
    }

    @Test
    void deepNestingIsRefused() {
        refused(SubjectKind.USER, "!(".repeat(150) + "enabled" + ")".repeat(150), "nested more than 100 levels deep");
        // parentheses alone make no levels, but SpEL's parser recurses on them: never a StackOverflowError
        String deep = "(".repeat(4_900) + "enabled" + ")".repeat(4_900);
        try {
            expressions.parse(deep, SubjectKind.USER, Set.of());
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessage("the condition is nested too deeply");
        }
        refused(SubjectKind.USER, "enabled" + " and enabled".repeat(150), "nested more than 100 levels deep");
        accepted(SubjectKind.USER, "enabled" + " and enabled".repeat(60));
    }

    @Test
    void whatCannotBeKnownWithoutDataIsAccepted() {
        accepted(SubjectKind.USER, "comment == null or comment matches '.*x.*'");
        accepted(SubjectKind.REALM, "options['issuer-url'] != null and options['issuer-url'] > 'a'");
        accepted(SubjectKind.REALM, "options.mode == 'ldaps'");
        accepted(SubjectKind.USER, "#params['days'] > 3 and #daysUntil(expire) < #params['days']");
        accepted(SubjectKind.USER, "(enabled ? 1 : 0) + tokens > 1");
        accepted(SubjectKind.USER, "'x' + tokens == 'x1'");
        accepted(SubjectKind.USER, "tokens between {1, 5}");
        accepted(SubjectKind.USER, "privileges.?[#this matches 'Sys[.].*'] != {}");
        accepted(SubjectKind.USER, "['comment'] != null");
    }

    @Test
    void everyDeclaredFieldHasAType() {
        for (SubjectKind kind : SubjectKind.values()) {
            for (String field : kind.fields()) {
                assertThat(FieldType.of(kind, field)).as(kind + "." + field).isNotNull();
            }
        }
    }

    @Test
    void theDeclaredTypesAreTheTypesOfTheValuesSubjectsHold() {
        java.nio.file.Path samples = java.nio.file.Path.of("sample-data");
        var prod = new org.pveaudit.source.SnapshotFolderSource("prod", samples.resolve("prod"), null).collect();
        var lab = new org.pveaudit.source.SnapshotFolderSource("lab", samples.resolve("lab"), null).collect();
        var branch = new org.pveaudit.source.usercfg.UserCfgSource("branch", samples.resolve("branch/user.cfg"),
                samples.resolve("branch/domains.cfg"), "9.1", org.pveaudit.source.usercfg.UserCfgParser.Mode.FAIL)
                .collect();
        // an API collection, for the SOURCE subject
        var live = new org.pveaudit.model.ClusterSnapshot(prod.identity(), prod.collectedAt(), prod.users(),
                prod.tokens(), prod.groups(), prod.roles(), prod.acl(), prod.realms(), prod.tfa(), prod.pools(),
                prod.gaps(), prod.warnings(), new org.pveaudit.model.SourceInfo("api", "https://pve:8006", "ca-file",
                true, "audit@pve!ro", "token", true, 0L, Map.of("/", Map.of("Sys.Audit", true))));
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (var snapshot : java.util.List.of(prod, lab, branch, live)) {
            ClusterView view = new ClusterView(snapshot, 1_800_000_000L);
            for (SubjectKind kind : SubjectKind.values()) {
                for (Subject subject : Subject.of(kind, view)) {
                    assertThat(subject.fields().keySet()).as(kind.key()).isEqualTo(kind.fields());
                    subject.fields().forEach((field, value) -> {
                        if (value != null) {
                            assertThat(FieldType.ofValue(value)).as(kind.key() + "." + field + " = " + value)
                                    .isEqualTo(FieldType.of(kind, field));
                            seen.add(kind.key() + "." + field);
                        }
                    });
                }
            }
        }
        // the samples give every field a value somewhere, or the test would prove little
        assertThat(seen).hasSizeGreaterThan(100);
    }

    @Test
    void expansionCountsNestedRepetitions() {
        assertThat(LinearRegex.expansion("abc")).isEqualTo(3);
        assertThat(LinearRegex.expansion("a{10}")).isEqualTo(10);
        assertThat(LinearRegex.expansion("(a{10}){10}")).isEqualTo(110);
        assertThat(LinearRegex.expansion("[a-z]{3}x")).isEqualTo(4);
        assertThat(LinearRegex.expansion("((a{1000}){1000}){1000}")).isGreaterThan(LinearRegex.MAX_EXPANSION);
        assertThat(LinearRegex.expansion("\\{a{2}")).isEqualTo(3);
        assertThat(LinearRegex.expansion("x{,3}")).isEqualTo(5);
    }
}
