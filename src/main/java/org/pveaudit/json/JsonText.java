package org.pveaudit.json;

import java.nio.charset.StandardCharsets;

/**
 * JSON string literals exactly as Jackson writes them, for output built without a mapper (the permission
 * matrix streams millions of rows; the log layout runs inside logback): {@code "} and {@code \} escaped, the
 * short escapes {@code \b \t \n \f \r}, other control characters and lone surrogates as {@code \}{@code uXXXX}
 * (upper-case hex), everything else, including non-ASCII, U+2028/U+2029 and {@code </script>}, literal, so the
 * UTF-8 bytes of a literal are always well-formed.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    /** The quoted literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        append(b, s);
        return b.toString();
    }

    /** Appends the quoted literal, or {@code null} for null. */
    public static StringBuilder append(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        unicode(b, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(b, c); // alone, it has no UTF-8 form
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    /** UTF-8 bytes of the quoted literal. */
    public static byte[] bytes(String s) {
        return quote(s).getBytes(StandardCharsets.UTF_8);
    }
}
