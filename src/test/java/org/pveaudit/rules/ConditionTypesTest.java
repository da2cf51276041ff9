package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kind of value inferred for each operator, helper and chain, seen where it matters: a comparison
 * of the result with a value of another kind is refused at load, and operands nested inside lists,
 * maps, indexes, selections and projections are checked too.
 */
class ConditionTypesTest {

    @TempDir
    Path dir;

    private String pack(String when) throws IOException {
        return OneRulePack.write(dir, when);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            (enabled and enabled) == 'a'    | compares '(enabled and enabled)' (true or false) with ''a'' (text)
            (1 == 1) == 'a'                 | compares '(1 == 1)' (true or false) with ''a'' (text): this is never true
            (1 < 2) == 'a'                  | compares '(1 < 2)' (true or false) with ''a'' (text): this is never true
            (id matches 'a') == 1           | compares '(id matches 'a')' (true or false) with '1' (a number)
            (expire between {1, 2}) == 'a'  | compares '(expire between {1,2})' (true or false) with ''a'' (text)
            +'a' == 1                       | '+' needs a number, but ''a'' (text) is given
            +1 == 'a'                       | compares '+1' (a number) with ''a'' (text): this is never true
            "#size(groups) == 'a'"          | compares '#size(groups)' (a number) with ''a'' (text): this is never true
            ['expire'] == 'a'               | compares '['expire']' (a number) with ''a'' (text): this is never true
            [1 - 'a'] == 1                  | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            {1, 1 - 'a'} == {}              | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            {'k': 1 - 'a'} == {:}           | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            ('a' - 1) between {1, 2}        | arithmetic ('('a' - 1)') needs numbers, but ''a'' (text) is given
            (1 ? true : false)              | the condition of '? :' needs true or false, but '1' (a number) is given
            groups[1 - 'a'] == 'x'          | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            groups.?[1] == {}               | a selection ?[...] needs true or false, but '1' (a number) is given
            groups.![1 - 'a'] == {}         | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            "#params.n.![#this].x == 1"     | '#params.n![#this]' is a list: it has no '.x'
            'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' == 1 | compares ''xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'' (text) with '1' (a number)
            'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' == 1 | compares ''xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (text) with '1' (a number)
            "(id instanceof 1) == 'a'"      | compares '(id instanceof 1)' (true or false) with ''a'' (text)
            "(id instanceof 1 - 'a')"       | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            "?[1 - 'a'] == {}"              | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            "id.#size({1 - 'a'}) == 1"      | arithmetic ('(1 - 'a')') needs numbers, but ''a'' (text) is given
            """)
    void refused(String when, String message) throws IOException {
        String f = pack(when);
        assertThatThrownBy(() -> new RulePackLoader(new RuleExpressions()).load(f)).as(when)
                .isInstanceOf(RuleFileException.class).hasMessageContaining("rule P-USER-001: " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"expire + 1 > 0", "expire + expire > 0", "(enabled ? 1 : 2) > 0"})
    void accepted(String when) throws IOException {
        String f = pack(when);
        assertThatCode(() -> new RulePackLoader(new RuleExpressions()).load(f)).as(when).doesNotThrowAnyException();
    }
}
