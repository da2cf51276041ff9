package org.pveaudit.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regular expressions of the {@code matches} operator, in RE2 syntax and run by RE2/J: matching
 * takes time linear in the text, so no pattern can backtrack for minutes. RE2/J's own weak spot,
 * nested counted repetitions such as {@code ((a{1000}){1000}){1000}} that compile to a program of
 * a billion steps, is closed by {@link #MAX_EXPANSION}. Compiled patterns are cached per operator.
 */
final class LinearRegex {

    /** Longest regular expression accepted, in characters (as SpEL's own limit). */
    static final int MAX_LENGTH = 1000;

    /** Most steps a pattern may expand to once its counted repetitions are written out. */
    static final long MAX_EXPANSION = 10_000;

    private static final int CACHE_SIZE = 64;

    private final Map<String, Pattern> cache = new ConcurrentHashMap<>();

    /**
     * The compiled pattern.
     *
     * @throws IllegalArgumentException with a one-line reason for a pattern that is invalid or too large
     */
    Pattern compile(String regex) {
        Pattern p = cache.get(regex);
        if (p != null) {
            return p;
        }
        p = check(regex);
        if (cache.size() >= CACHE_SIZE) {
            // patterns computed from data: keep the cache small rather than clever
            cache.clear();
        }
        cache.put(regex, p);
        return p;
    }

    /** Compiles a pattern without caching it, or says in one line why it is refused. */
    static Pattern check(String regex) {
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the regular expression is longer than " + MAX_LENGTH + " characters");
        }
        if (expansion(regex) > MAX_EXPANSION) {
            throw new IllegalArgumentException("the regular expression '" + regex + "' repeats too much (nested "
                    + "counts expand to more than " + MAX_EXPANSION + " steps)");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription()
                    + " (RE2 syntax: no look-around, no back-references)");
        }
    }

    /**
     * An upper estimate of the program size RE2/J compiles a pattern to: each atom counts 1, a group
     * the sum of its parts, {@code {n,m}} multiplies what it repeats by its largest count. Malformed
     * input is estimated as well as possible and left to RE2/J to report.
     */
    static long expansion(String re) {
        // per open group: [total so far, size of the last atom]
        Deque<long[]> groups = new ArrayDeque<>();
        groups.push(new long[2]);
        int i = 0;
        int n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            long[] g = groups.peek();
            switch (c) {
                case '\\' -> {
                    i = escape(re, i, g);
                    continue;
                }
                case '[' -> {
                    i = classEnd(re, i);
                    atom(g, 1);
                    continue;
                }
                case '(' -> groups.push(new long[2]);
                case ')' -> {
                    if (groups.size() > 1) {
                        long[] closed = groups.pop();
                        atom(groups.peek(), closed[0] + 1);
                    }
                }
                case '|' -> {
                    g[0] = saturate(g[0] + 1);
                    g[1] = 0;
                }
                case '*', '+', '?' -> g[0] = saturate(g[0] + 1);
                case '{' -> {
                    i = repeat(re, i, g);
                    continue;
                }
                default -> atom(g, 1);
            }
            i++;
        }
        long total = 0;
        while (!groups.isEmpty()) {
            total = saturate(total + groups.pop()[0]);
        }
        return total;
    }

    /** An escape at {@code i} ({@code \Q...\E} counts its characters): one atom; returns where to go on. */
    private static int escape(String re, int i, long[] g) {
        int n = re.length();
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
            int end = re.indexOf("\\E", i + 2);
            int stop = end < 0 ? n : end;
            atom(g, Math.max(1, stop - (i + 2)));
            return end < 0 ? n : end + 2;
        }
        int next = i + 2;
        if (i + 1 < n && "pPx".indexOf(re.charAt(i + 1)) >= 0 && next < n && re.charAt(next) == '{') {
            int close = re.indexOf('}', next);
            next = close < 0 ? n : close + 1;
        }
        atom(g, 1);
        return next;
    }

    /**
     * {@code {n,m}} at {@code i} multiplies the last atom by its largest count (anything else there is a
     * literal); returns where to go on.
     */
    private static int repeat(String re, int i, long[] g) {
        int close = re.indexOf('}', i);
        long count = close < 0 ? -1 : repeatCount(re.substring(i + 1, close));
        if (count < 0) {
            atom(g, 1);
            return i + 1;
        }
        g[0] = saturate(g[0] + saturate(g[1] * Math.max(0, count - 1)));
        g[1] = saturate(g[1] * count);
        return close + 1;
    }

    private static void atom(long[] group, long size) {
        group[0] = saturate(group[0] + size);
        group[1] = size;
    }

    private static long saturate(long v) {
        return v < 0 || v > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : v;
    }

    /** The largest count of {@code n}, {@code n,} or {@code n,m}, or -1 when it is not a repetition. */
    private static long repeatCount(String body) {
        if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
            return -1;
        }
        int comma = body.indexOf(',');
        long min = Long.parseLong(comma < 0 ? body : body.substring(0, comma));
        if (comma < 0) {
            return min;
        }
        String max = body.substring(comma + 1);
        // {n,} writes out n copies and a star
        return max.isEmpty() ? min + 1 : Math.max(min, Long.parseLong(max));
    }

    /** The index after the character class that starts at {@code start}. */
    private static int classEnd(String re, int start) {
        int i = start + 1;
        int n = re.length();
        if (i < n && re.charAt(i) == '^') {
            i++;
        }
        if (i < n && re.charAt(i) == ']') {
            i++;
        }
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
                int close = re.indexOf(":]", i + 2);
                i = close < 0 ? i + 1 : close + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return n;
    }
}
