package org.pveaudit.access;

import java.nio.charset.StandardCharsets;

/**
 * JSON string literals as Perl's JSON module writes them: {@code "} and {@code \} escaped, the usual
 * short escapes for control characters, other control characters as {@code \}{@code u00xx}, everything
 * else (including non-ASCII) literal in UTF-8.
 */
public final class JsonText {

    private JsonText() {
    }

    /** The quoted literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        append(b, s);
        return b.toString();
    }

    /** Appends the quoted literal. */
    public static StringBuilder append(StringBuilder b, String s) {
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
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** UTF-8 bytes of the quoted literal. */
    public static byte[] bytes(String s) {
        return quote(s).getBytes(StandardCharsets.UTF_8);
    }
}
