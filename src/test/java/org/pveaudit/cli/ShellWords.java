package org.pveaudit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The words of a POSIX shell line as the shell would pass them: single and double quotes, backslash
 * escapes, {@code #} comments; the operators {@code && || ; |} are words of their own.
 */
final class ShellWords {

    private static final Set<String> OPERATORS = Set.of("&&", "||", ";", "|");

    private ShellWords() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' ) {
                int close = line.indexOf('\'', i + 1);
                word.append(line, i + 1, close < 0 ? line.length() : close);
                i = close < 0 ? line.length() : close;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c) || c == ';' || c == '|' || c == '&') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c != ' ' && c != '\t') {
                    boolean twice = i + 1 < line.length() && line.charAt(i + 1) == c && c != ';';
                    words.add(twice ? "" + c + c : String.valueOf(c));
                    i += twice ? 1 : 0;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int doubleQuoted(String line, int from, StringBuilder word) {
        int i = from;
        for (; i < line.length() && line.charAt(i) != '"'; i++) {
            if (line.charAt(i) == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                i++;
            }
            word.append(line.charAt(i));
        }
        return i;
    }

    /** The comment that ends the line ({@code # ...} outside quotes), or "". */
    static String comment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(i);
            }
        }
        return "";
    }

    /** The simple commands of a line: the words between operators. */
    static List<List<String>> segments(List<String> words) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String w : words) {
            if (OPERATORS.contains(w)) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(w);
            }
        }
        out.add(current);
        return out;
    }
}
