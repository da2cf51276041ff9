package org.pveaudit.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON string escaper writes what Jackson writes, byte for byte, and what Jackson reads back. */
class JsonTextTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" backslash \\ slash /", "new\nline\rreturn\ttab\bback\fform",
            "nul\u0000 unit\u001f bell\u0007 escape\u001b[31m del\u007f", "line\u2028para\u2029sep",
            "lone high \uD800 end", "lone low \uDC00 end", "reversed \uDC00\uD800 pair", "tail \uD83D",
            "pair \uD83D\uDE00 emoji", "non-ASCII é 日本語 \u00a0", "</script><script>alert(1)</script>",
            "{\"principal\":\"x\"}", "alice@pve!token"})
    void bytesAreJacksons(String hostile) {
        assertThat(new String(JsonText.bytes(hostile), StandardCharsets.UTF_8))
                .isEqualTo(new String(JACKSON.writeValueAsBytes(hostile), StandardCharsets.UTF_8));
        assertThat(JACKSON.readValue(JsonText.bytes(hostile), String.class)).isEqualTo(
                JACKSON.readValue(JACKSON.writeValueAsBytes(hostile), String.class));
    }

    @Test
    void everyCharacterBelowTheSurrogatesAsJacksonWritesIt() {
        String all = IntStream.range(0, 0xD800).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        assertThat(JsonText.bytes(all)).isEqualTo(JACKSON.writeValueAsBytes(all));
        assertThat(JACKSON.readValue(JsonText.bytes(all), String.class)).isEqualTo(all);
    }

    @Test
    void appendsToWhatIsThereAndWritesNullAsNull() {
        StringBuilder b = new StringBuilder("{\"a\":");
        JsonText.append(b, "x\"y").append(",\"b\":");
        JsonText.append(b, null).append('}');
        assertThat(b).hasToString("{\"a\":\"x\\\"y\",\"b\":null}");
        assertThat(JsonText.quote("\u0001")).isEqualTo("\"\\u0001\"");
    }
}
