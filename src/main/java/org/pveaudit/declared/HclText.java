package org.pveaudit.declared;

/**
 * Text as an HCL (Terraform) string literal: quotes and backslashes escaped, {@code ${} and {@code %{} doubled
 * so a name from a cluster never becomes an interpolation or a template directive, and everything but printable
 * ASCII written as {@code \n}, {@code \\uNNNN} or {@code \\UNNNNNNNN} so no character hides in a review.
 */
final class HclText {

    private HclText() {
    }

    static String quoted(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            boolean opensBrace = next < text.length() && text.charAt(next) == '{';
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '$' -> b.append(opensBrace ? "$$" : "$");
                case '%' -> b.append(opensBrace ? "%%" : "%");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else if (c <= 0xffff) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.append(String.format("\\U%08x", c));
                    }
                }
            }
            i = next;
        }
        return b.append('"').toString();
    }
}
