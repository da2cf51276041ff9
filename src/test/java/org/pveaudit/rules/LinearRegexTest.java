package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The patterns of {@code matches}: the length limit, the estimate of how far counted repetitions
 * expand (escapes, quoted text and character classes count as one atom) and the cache of compiled
 * patterns.
 */
@Timeout(10)
class LinearRegexTest {

    @Test
    void patternsUpToTheLengthLimitAreAccepted() {
        assertThat(LinearRegex.check("a".repeat(1000)).matches("a".repeat(1000))).isTrue();
        assertThatThrownBy(() -> LinearRegex.check("a".repeat(1001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the regular expression is longer than 1000 characters");
    }

    @Test
    void atomsGroupsAndAlternatives() {
        assertThat(LinearRegex.expansion("")).isZero();
        assertThat(LinearRegex.expansion("abc")).isEqualTo(3);
        assertThat(LinearRegex.expansion("a|b")).as("an alternative counts one").isEqualTo(3);
        assertThat(LinearRegex.expansion("a)b")).as("a stray ')' counts nothing").isEqualTo(2);
        assertThat(LinearRegex.expansion(")")).isZero();
        assertThatThrownBy(() -> LinearRegex.check("a)b")).hasMessageStartingWith("invalid regular expression 'a)b': ");
    }

    @Test
    void countedRepetitions() {
        assertThat(LinearRegex.expansion("a{0}")).as("zero copies").isEqualTo(1);
        assertThat(LinearRegex.expansion("a{1}")).isEqualTo(1);
        assertThat(LinearRegex.expansion("a{3}")).isEqualTo(3);
        assertThat(LinearRegex.expansion("a{2,5}")).isEqualTo(5);
        assertThat(LinearRegex.expansion("a{4,}")).isEqualTo(5);
        assertThat(LinearRegex.expansion("a{x}")).as("not a count: literal braces").isEqualTo(4);
        assertThat(LinearRegex.expansion("a{2")).isEqualTo(3);
    }

    @Test
    void escapesAreOneAtom() {
        assertThat(LinearRegex.expansion("\\d{3}")).isEqualTo(3);
        assertThat(LinearRegex.expansion("a\\")).as("a trailing backslash").isEqualTo(2);
        assertThat(LinearRegex.expansion("Q\\d")).isEqualTo(2);
        assertThat(LinearRegex.expansion("\\p{Greek}")).isEqualTo(1);
        assertThat(LinearRegex.expansion("\\p{Greek}{3}")).isEqualTo(3);
        assertThat(LinearRegex.expansion("\\P{L}a")).isEqualTo(2);
        assertThat(LinearRegex.expansion("\\x{41}a")).isEqualTo(2);
        assertThat(LinearRegex.expansion("\\pLa")).isEqualTo(3);
        assertThat(LinearRegex.expansion("\\p")).isEqualTo(1);
        assertThat(LinearRegex.expansion("a\\p{Greek")).as("unclosed: to the end").isEqualTo(2);
    }

    @Test
    void quotedTextCountsItsCharacters() {
        assertThat(LinearRegex.expansion("\\Qabc\\E")).isEqualTo(3);
        assertThat(LinearRegex.expansion("x\\Qabc\\Ey")).isEqualTo(5);
        assertThat(LinearRegex.expansion("x\\Qabc\\E{2}")).isEqualTo(7);
        assertThat(LinearRegex.expansion("\\Q\\E")).isEqualTo(1);
        assertThat(LinearRegex.expansion("x\\Qab")).as("unclosed: to the end").isEqualTo(3);
    }

    @Test
    void characterClassesAreOneAtom() {
        assertThat(LinearRegex.expansion("[abc]x")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[]a]x")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[^]a]x")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[\\]]x")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[[:alpha:]]x")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[[:a:][:b:]]x")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[:[x:]]y")).isEqualTo(3);
        assertThat(LinearRegex.expansion("[[:a]b")).isEqualTo(2);
        assertThat(LinearRegex.expansion("[]{3}")).isEqualTo(1);
        assertThat(LinearRegex.expansion("[ab]{3}")).isEqualTo(3);
        assertThat(LinearRegex.expansion("[")).isEqualTo(1);
        assertThat(LinearRegex.expansion("[^")).isEqualTo(1);
        assertThat(LinearRegex.expansion("[ab")).isEqualTo(1);
        assertThat(LinearRegex.expansion("[a[")).isEqualTo(1);
        assertThat(LinearRegex.expansion("[a\\")).isEqualTo(1);
    }

    @Test
    void theCacheKeepsPatternsUntilItHoldsSixtyFour() {
        LinearRegex cache = new LinearRegex();
        Pattern first = cache.compile("p0");
        assertThat(cache.compile("p1")).isSameAs(cache.compile("p1"));
        assertThat(cache.compile("p0")).isSameAs(first);
        for (int i = 2; i < 64; i++) {
            cache.compile("p" + i);
        }
        assertThat(cache.compile("p0")).as("64 patterns fit").isSameAs(first);
        cache.compile("p64");
        assertThat(cache.compile("p0")).as("the 65th empties the cache").isNotSameAs(first);
    }
}
