package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cluster text on the operator's terminal: escape sequences and reordering marks are shown, never obeyed. */
class TerminalTextTest {

    @Test
    void controlCharactersAndBidiOverridesBecomeVisibleEscapes() {
        assertThat(TerminalText.safe("pool \u001b[2J\u001b]0;pwned\u0007 x")).isEqualTo("pool \\x1b[2J\\x1b]0;pwned\\x07 x");
        assertThat(TerminalText.safe("nul\u0000 c1\u009b rtl\u202Eevil")).isEqualTo("nul\\x00 c1\\x9b rtl\\u202eevil");
        String plain = "pool <script> 開発 / ünï";
        assertThat(TerminalText.safe(plain)).isSameAs(plain);
        assertThat(TerminalText.safe(null)).isNull();
    }
}
