package org.pveaudit.cli;

/**
 * Text from a cluster as a terminal shows it: control characters (an escape sequence in a pool id or a realm
 * comment can recolour, move or clear the operator's screen, or hide what follows) and the bidirectional
 * overrides that reorder a line are written as visible escapes ({@code \x1b}, {@code \u202e}) instead.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hidden = Character.isISOControl(c) || c >= '\u202A' && c <= '\u202E'
                    || c >= '\u2066' && c <= '\u2069';
            if (hidden && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                out.append(!hidden ? String.valueOf(c) : c < 0x100 ? String.format("\\x%02x", (int) c)
                        : String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}
