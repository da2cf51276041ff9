package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

class FailurePolicyTest {

    private static StoredFinding finding(Severity severity, StoredFinding.State state, Integer waiver) {
        return new StoredFinding(new Finding("prod", "R1", severity, "title", SubjectKind.values()[0], "alice@pve",
                "alice@pve", "/", "message"), state, 1, null, waiver);
    }

    @Test
    void parsesEveryLevelInAnyCaseAndNone() {
        assertThat(FailurePolicy.parse("critical", false).threshold()).isEqualTo(Severity.CRITICAL);
        assertThat(FailurePolicy.parse("HIGH", true)).isEqualTo(new FailurePolicy(Severity.HIGH, true));
        assertThat(FailurePolicy.parse("Medium", false).key()).isEqualTo("medium");
        assertThat(FailurePolicy.parse("low", false).key()).isEqualTo("low");
        assertThat(FailurePolicy.parse("NONE", false).key()).isEqualTo("none");
        assertThat(FailurePolicy.DEFAULT.key()).isEqualTo("high");
    }

    @Test
    void rejectsInfoAndUnknownLevelsWithTheCommandLineMessage() {
        assertThatThrownBy(() -> FailurePolicy.parse("info", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--fail-on: 'info' is not one of critical, high, medium, low, none");
        assertThatThrownBy(() -> FailurePolicy.parse("severe", false))
                .hasMessage("--fail-on: 'severe' is not one of critical, high, medium, low, none");
    }

    @Test
    void failsOnUnwaivedFindingsAtOrAboveTheThreshold() {
        FailurePolicy high = FailurePolicy.parse("high", false);
        assertThat(high.fails(finding(Severity.HIGH, StoredFinding.State.OPEN, null))).isTrue();
        assertThat(high.fails(finding(Severity.CRITICAL, StoredFinding.State.OPEN, null))).isTrue();
        assertThat(high.fails(finding(Severity.MEDIUM, StoredFinding.State.NEW, null))).isFalse();
        assertThat(high.fails(finding(Severity.CRITICAL, StoredFinding.State.NEW, 0))).isFalse();
    }

    @Test
    void noneFailsOnNothing() {
        FailurePolicy none = FailurePolicy.parse("none", true);
        assertThat(none.fails(finding(Severity.CRITICAL, StoredFinding.State.NEW, null))).isFalse();
    }

    @Test
    void newOnlyCountsNewAndRegressedFindings() {
        FailurePolicy newOnly = FailurePolicy.parse("low", true);
        assertThat(newOnly.fails(finding(Severity.LOW, StoredFinding.State.NEW, null))).isTrue();
        assertThat(newOnly.fails(finding(Severity.LOW, StoredFinding.State.REGRESSED, null))).isTrue();
        assertThat(newOnly.fails(finding(Severity.CRITICAL, StoredFinding.State.OPEN, null))).isFalse();
    }
}
