package org.pveaudit.declared;

/** A value from the input as an error message shows it: on one line, short, and (for values) quoted. */
final class Quoted {

    private static final int MAX = 60;

    private Quoted() {
    }

    /** {@code 'text'} as {@link #plain} shows it. */
    static String of(String text) {
        return "'" + plain(text) + "'";
    }

    /** The text with control characters and line separators as {@code ?}, cut after {@value #MAX} characters. */
    static String plain(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(MAX).forEach(c -> b.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return text.codePointCount(0, text.length()) > MAX ? b + "…" : b.toString();
    }
}
