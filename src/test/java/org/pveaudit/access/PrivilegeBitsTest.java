package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.Role;

/** The numbering of a snapshot's privileges: byte order, the 63-privilege limit and reading a set back. */
class PrivilegeBitsTest {

    private static Role role(String id, List<String> privileges) {
        return new Role(id, new TreeSet<>(privileges), false);
    }

    private static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("P.%02d", i)).collect(Collectors.toList());
    }

    @Test
    void sixtyThreeDistinctPrivilegesFitAndASixtyFourthIsRefused() {
        PrivilegeBits bits = new PrivilegeBits(List.of(role("A", names(40)), role("B", names(63))));
        assertThat(bits.size()).isEqualTo(63);
        assertThat(bits.bitOf("P.62")).isEqualTo(62);
        assertThat(bits.names(bits.ofRole("B"))).containsExactlyElementsOf(names(63));
        assertThatThrownBy(() -> new PrivilegeBits(List.of(role("C", names(64)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(64)");
    }

    @Test
    void theSizeIsTheNumberOfDistinctPrivilegesOverAllRoles() {
        PrivilegeBits bits = new PrivilegeBits(List.of(role("A", List.of("VM.Audit", "Sys.Audit")),
                role("B", List.of("VM.Audit", "Pool.Audit"))));
        assertThat(bits.size()).isEqualTo(3);
        assertThat(new PrivilegeBits(List.of()).size()).isZero();
    }

    /** A set's names are the known privileges only: bits above them (such as the NoAccess flag) name nothing. */
    @Test
    void namesIgnoresBitsAboveTheKnownPrivileges() {
        PrivilegeBits bits = new PrivilegeBits(List.of(role("A", List.of("VM.Audit", "Sys.Audit"))));
        assertThat(bits.names(-1L)).containsExactly("Sys.Audit", "VM.Audit");
        assertThat(bits.names(PrivilegeBits.NO_ACCESS_FLAG | 1L)).containsExactly("Sys.Audit");
        assertThat(bits.names(0L)).isEmpty();
    }

    /** Privileges are numbered in byte order of their UTF-8 text: 'Z' before 'a', é before ü, U+FFFF before U+10000. */
    @Test
    void privilegesAreNumberedInByteOrderOfTheirUtf8Text() {
        PrivilegeBits bits = new PrivilegeBits(List.of(role("A",
                List.of("a.x", "Z.x", "\u00fc", "\u00e9", "\uD800\uDC00", "\uFFFF"))));
        assertThat(bits.names(-1L)).containsExactly("Z.x", "a.x", "\u00e9", "\u00fc", "\uFFFF", "\uD800\uDC00");
        assertThat(PrivilegeBits.compareBytes("\u00e9", "\u00fc")).isNegative();
        assertThat(PrivilegeBits.compareBytes("\u00fc", "\u00e9")).isPositive();
        assertThat(PrivilegeBits.compareBytes("\uFFFF", "\uD800\uDC00")).isNegative();
        assertThat(PrivilegeBits.compareBytes("\uD800\uDC00", "\uFFFF")).isPositive();
        assertThat(PrivilegeBits.compareBytes("Z", "a")).isNegative();
        assertThat(PrivilegeBits.compareBytes("a", "a\u00e9")).isNegative();
        assertThat(PrivilegeBits.compareBytes("\u00e9", "\u00e9")).isZero();
    }
}
