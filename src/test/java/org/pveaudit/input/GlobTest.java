package org.pveaudit.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void aStarStandsForAnyTextAndNothingElseIsSpecial() {
        assertThat(new Glob("svc-*").matches("svc-backup@pve")).isTrue();
        assertThat(new Glob("svc-*!*").matches("svc-backup@pve!pbs")).isTrue();
        assertThat(new Glob("svc-*!*").matches("svc-backup@pve")).isFalse();
        assertThat(new Glob("a.b").matches("axb")).as("a dot is a dot").isFalse();
        assertThat(new Glob("*").matches("")).isTrue();
        assertThat(new Glob("alice@pve").matches("alice@pve")).isTrue();
        assertThat(new Glob("alice@pve").matches("alice@pve2")).isFalse();
    }

    @Test
    void manyStarsOverALongNameStayFast() {
        String text = "a".repeat(20_000);
        assertThat(new Glob("*a*a*a*a*a*b").matches(text)).isFalse();
    }
}
