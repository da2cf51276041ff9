package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A condition that can never hold as written is refused when the pack is loaded: the loader knows the kind
 * of every literal, field, variable, helper function, operator and selection, and says what was compared.
 */
class RuleTypeInferenceTest {

    @TempDir
    Path dir;

    private String pack(String when) throws IOException {
        return OneRulePack.write(dir, when);
    }

    private void refused(String when, String message) throws IOException {
        String f = pack(when);
        assertThatThrownBy(() -> new RulePackLoader(new RuleExpressions()).load(f)).as(when)
                .isInstanceOf(RuleFileException.class).hasMessageContaining("rule P-USER-001: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            'a' == 1                  | compares ''a'' (text) with '1' (a number): this is never true
            1.5 == 'a'                | compares '1.5' (a number) with ''a'' (text)
            true != 'a'               | compares 'true' (true or false) with ''a'' (text): this is never false
            "#now == 'a'"               | compares '#now' (a number) with ''a'' (text)
            "#params == 'a'"            | compares '#params' (a map) with ''a'' (text)
            "#size(groups) == 'a'"      | compares '#size(groups)' (a number) with ''a'' (text)
            "#privs('/') == 'a'"        | compares '#privs('/')' (a list) with ''a'' (text)
            "#has('x') == 'a'"          | compares '#has('x')' (true or false) with ''a'' (text)
            "#daysUntil(expire) == 'a'" | compares '#daysUntil(expire)' (a number) with ''a'' (text)
            ('a' * 2) == 1            | compares '('a' * 2)' (text) with '1' (a number)
            (enabled ? 1 : 2) == 'a'  | compares '(enabled ? 1 : 2)' (a number) with ''a'' (text)
            (firstname ?: 'x') == 1   | compares '(firstname ?: 'x')' (text) with '1' (a number)
            {1,2} == 'a'              | compares '{1,2}' (a list) with ''a'' (text)
            {'a':1} == 'a'            | compares '{'a':1}' (a map) with ''a'' (text)
            id + 1 == 1               | compares '(id + 1)' (text) with '1' (a number)
            expire + 1 == 'x'         | compares '(expire + 1)' (a number) with ''x'' (text)
            expire + 'b' == 1         | compares '(expire + 'b')' (text) with '1' (a number)
            {1} + 1 == 1              | '+' adds numbers or joins text, not '{1}' (a list)
            groups > 1                | cannot order a list ('(groups > 1)')
            enabled < 1               | cannot order true or false ('(enabled < 1)')
            expire <= 'a'             | compares field 'expire' (a number) with ''a'' (text)
            groups.![#this] == 'a'    | compares 'groups.![#this]' (a list) with ''a'' (text)
            groups.?[#this == 'a'] == 'a' | compares 'groups.?[(#this == 'a')]' (a list) with ''a'' (text)
            groups.size == 1          | 'groups' is a list: it has no '.size'
            expire - 'a' > 0          | arithmetic ('(expire - 'a')') needs numbers, but ''a'' (text) is given
            groups matches 'a'        | 'matches' needs text on its left, not field 'groups' (a list)
            expire between {1}        | 'between' needs a list of exactly two values, such as {1, 10}
            enabled and 1             | 'and' needs true or false
            """)
    void conditionsThatCanNeverHoldAreRefused(String when, String message) throws IOException {
        refused(when, message);
    }

    @Test
    void mixedOrUnknownKindsAreLeftToRunTime() throws IOException {
        RulePackLoader loader = new RulePackLoader(new RuleExpressions());
        for (String when : new String[] {"(enabled ? 1 : 'b') == 'a'", "(firstname ?: 1) == 'x'",
                "#params['k'] == 'a'", "{1,2}[0] == 'a'", "groups.^[#this == 'a'] == 1"}) {
            assertThat(loader.load(pack(when)).rules()).as(when).hasSize(1);
        }
    }
}
