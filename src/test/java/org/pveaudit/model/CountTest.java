package org.pveaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountTest {

    @Test
    void oneTakesTheSingularEveryOtherNumberThePlural() {
        assertThat(Count.of(1, "pool")).isEqualTo("1 pool");
        assertThat(Count.of(0, "pool")).isEqualTo("0 pools");
        assertThat(Count.of(2, "rule")).isEqualTo("2 rules");
        assertThat(Count.of(-1, "day")).isEqualTo("-1 days");
    }

    @Test
    void irregularPluralsAreGiven() {
        assertThat(Count.of(1, "ACL entry", "ACL entries")).isEqualTo("1 ACL entry");
        assertThat(Count.of(3, "ACL entry", "ACL entries")).isEqualTo("3 ACL entries");
    }
}
