package org.pveaudit.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format as this tool writes it, for tests: every line is a HELP, a TYPE
 * (gauge or counter) or a sample; each family has its HELP and TYPE once, before its samples, which follow each
 * other; label values use only the escapes the format allows; no series twice. Throws on anything else.
 */
public final class ExpositionParser {

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d+)?([eE][-+]?\\d+)?|NaN|Inf)");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One sample line read back. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private ExpositionParser() {
    }

    public static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line has no line feed");
        }
        Set<String> helped = new HashSet<>();
        Set<String> typed = new HashSet<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        List<Sample> out = new ArrayList<>();
        int n = 0;
        String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
        for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
            n++;
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                String name = m.group(1);
                check(helped.add(name) && !closed.contains(name) && !out.stream().anyMatch(s -> s.name().equals(name)),
                        n, "HELP of " + name + " twice or after its samples");
                checkHelp(m.group(2), n);
                current = switchTo(current, name, closed);
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                check(typed.add(name) && !closed.contains(name) && !out.stream().anyMatch(s -> s.name().equals(name)),
                        n, "TYPE of " + name + " twice or after its samples");
                current = switchTo(current, name, closed);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                check(helped.contains(name) && typed.contains(name), n, name + " before its HELP and TYPE");
                check(name.equals(current), n, name + " not next to the rest of its family");
                Map<String, String> labels = m.group(2) == null ? Map.of() : labels(m.group(2), n);
                check(NUMBER.matcher(m.group(3)).matches(), n, "not a number: " + m.group(3));
                check(series.add(name + labels), n, "series twice: " + name + labels);
                out.add(new Sample(name, labels, m.group(3).endsWith("Inf") ? (m.group(3).startsWith("-")
                        ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.parseDouble(m.group(3))));
            } else {
                throw new IllegalArgumentException("line " + n + ": not HELP, TYPE or a sample: " + line);
            }
        }
        return out;
    }

    private static String switchTo(String current, String name, Set<String> closed) {
        if (current != null && !current.equals(name)) {
            closed.add(current);
        }
        return name;
    }

    private static void checkHelp(String help, int n) {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\') {
                check(i + 1 < help.length() && "\\n".indexOf(help.charAt(i + 1)) >= 0, n, "bad escape in HELP");
                i++;
            }
        }
    }

    /** {@code {a="x",b="y\"z"}}: names, then quoted values with only \\, \" and \n escapes. */
    private static Map<String, String> labels(String block, int n) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 1;
        while (i < block.length() - 1) {
            int eq = block.indexOf('=', i);
            check(eq > i, n, "label without a name");
            String name = block.substring(i, eq);
            check(LABEL_NAME.matcher(name).matches(), n, "bad label name " + name);
            check(block.charAt(eq + 1) == '"', n, "label value not quoted");
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < block.length() && block.charAt(j) != '"'; j++) {
                char c = block.charAt(j);
                if (c == '\\') {
                    char e = block.charAt(++j);
                    check(e == '\\' || e == '"' || e == 'n', n, "bad escape \\" + e);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            check(j < block.length() - 1, n, "label value not closed");
            check(labels.put(name, value.toString()) == null, n, "label " + name + " twice");
            i = j + 1;
            if (block.charAt(i) == ',') {
                i++;
            } else {
                check(i == block.length() - 1, n, "labels not separated by a comma");
            }
        }
        return labels;
    }

    private static void check(boolean ok, int line, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("line " + line + ": " + problem);
        }
    }
}
