package org.pveaudit.input;

/**
 * A name pattern where {@code *} stands for any text and nothing else is special (a dot is a dot): for reviewer
 * maps and allow-patterns. Matched without a regular expression engine, in linear-ish time, so a hostile name from a
 * cluster is never run through one.
 */
public record Glob(String pattern) {

    public boolean matches(String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
