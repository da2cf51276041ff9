package org.pveaudit.declared;

/** A value from the input as an error message shows it: on one line, short, and (for values) quoted. */
final class Quoted {

    private static final int MAX = 60;

    private Quoted() {
    }

    /** A name that locates something (a Terraform address): long ones stay readable up to this length. */
    static final int MAX_NAME = 200;

    /** {@code 'text'} as {@link #plain} shows it. */
    static String of(String text) {
        return "'" + plain(text, MAX) + "'";
    }

    /** The text with control characters and line separators as {@code ?}, cut after {@code max} characters. */
    static String plain(String text, int max) {
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> b.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return text.codePointCount(0, text.length()) > max ? b + "…" : b.toString();
    }
}
