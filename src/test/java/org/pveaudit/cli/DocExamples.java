package org.pveaudit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command examples of one Markdown file, in the order the file shows them. In fenced blocks tagged
 * {@code sh}, a line calling {@code pve-audit} (or {@code java -jar target/pve-audit.jar}) is an example;
 * the lines right after it, up to a blank or comment line, are its shown output. In blocks tagged
 * {@code console}, every {@code $ } line is a step: a {@code pve-audit} command, or a shell command that
 * prepares the next (it runs in the same folder). A block tagged {@code yaml file=PATH} is written to PATH
 * first. Markers, as a comment on the line or on a comment line right above it: {@code # exits N} (the
 * exit code, 0 when not said), {@code # needs ...} (a live cluster, SMTP, the installed service: checked
 * only for parsing), {@code # not run: why} (skipped). Untagged blocks hold synopses and output.
 */
record DocExamples(Path file, List<Step> steps, List<Synopsis> synopses) {

    /** What a step is for. */
    enum Mode { RUN, PARSE, SKIP, SHELL, WRITE }

    /** One step: a command to run or parse, a shell line, or a file to write ({@code text}). */
    record Step(int line, Mode mode, List<String> args, int exit, String text, List<String> shown) {
        String where(Path file) {
            return file + ":" + line;
        }
    }

    /** A synopsis such as {@code pve-audit history [--limit N]}: its options must exist. */
    record Synopsis(int line, String command, List<String> options) {
    }

    private static final Pattern FENCE = Pattern.compile("^```\\s*(\\S*)\\s*(?:file=(\\S+))?\\s*$");
    private static final Pattern EXITS = Pattern.compile("#.*\\bexits (\\d+)");
    private static final Pattern NOT_RUN = Pattern.compile("#.*\\bnot run: \\S");
    private static final Pattern NEEDS = Pattern.compile("#.*\\bneeds (a|an|the) ");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][\\w-]*)");

    static DocExamples read(Path file, Set<String> subcommands) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Step> steps = new ArrayList<>();
        List<Synopsis> synopses = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            List<String> body = lines.subList(start, end);
            String lang = fence.group(1);
            if (fence.group(2) != null) {
                steps.add(new Step(start, Mode.WRITE, List.of(fence.group(2)), 0, String.join("\n", body) + "\n",
                        List.of()));
            } else if (lang.equals("sh")) {
                shell(body, start, subcommands, steps);
            } else if (lang.equals("console")) {
                console(body, start, subcommands, steps);
            } else if (lang.isEmpty() || lang.equals("text")) {
                synopses(body, start, subcommands, synopses);
            }
            i = end;
        }
        return new DocExamples(file, steps, synopses);
    }

    private static void shell(List<String> body, int first, Set<String> subcommands, List<Step> steps) {
        String pending = "";
        for (int i = 0; i < body.size(); i++) {
            int number = first + i + 1;
            String line = body.get(i);
            while (line.endsWith("\\") && i + 1 < body.size()) {
                line = line.substring(0, line.length() - 1) + " " + body.get(++i).strip();
            }
            if (line.isBlank()) {
                pending = "";
                continue;
            }
            if (line.strip().startsWith("#")) {
                pending = pending + line;
                continue;
            }
            List<Step> found = commands(line, pending, number, subcommands);
            pending = "";
            if (found.isEmpty()) {
                continue;
            }
            List<String> shown = new ArrayList<>();
            while (i + 1 < body.size() && !body.get(i + 1).isBlank() && !body.get(i + 1).startsWith("#")
                    && commands(body.get(i + 1), "", 0, subcommands).isEmpty()) {
                shown.add(body.get(++i));
            }
            Step last = found.get(found.size() - 1);
            found.set(found.size() - 1, new Step(last.line(), last.mode(), last.args(), last.exit(), last.text(),
                    List.copyOf(shown)));
            steps.addAll(found);
        }
    }

    private static void console(List<String> body, int first, Set<String> subcommands, List<Step> steps) {
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i);
            if (!line.startsWith("$ ")) {
                continue;
            }
            List<Step> found = commands(line.substring(2), "", first + i + 1, subcommands);
            if (found.isEmpty()) {
                steps.add(new Step(first + i + 1, Mode.SHELL, List.of(), 0, line.substring(2), List.of()));
            }
            steps.addAll(found);
        }
    }

    /** The pve-audit commands of one shell line (several when joined by {@code &&}). */
    private static List<Step> commands(String line, String above, int number, Set<String> subcommands) {
        List<String> words = ShellWords.split(line);
        String comment = above + " " + ShellWords.comment(line);
        List<Step> found = new ArrayList<>();
        for (List<String> segment : ShellWords.segments(words)) {
            int after = launcherEnd(segment, subcommands);
            if (after < 0) {
                continue;
            }
            List<String> args = List.copyOf(segment.subList(after, segment.size()));
            Matcher exits = EXITS.matcher(comment);
            int exit = exits.find() ? Integer.parseInt(exits.group(1)) : 0;
            Mode mode = NOT_RUN.matcher(comment).find() ? Mode.SKIP
                    : NEEDS.matcher(comment).find() ? Mode.PARSE : Mode.RUN;
            found.add(new Step(number, mode, args, exit, comment.strip(), List.of()));
        }
        return found;
    }

    /**
     * Where the arguments start when the segment calls pve-audit: {@code pve-audit} or {@code java -jar
     * target/pve-audit.jar} first, or an installed {@code .../bin/pve-audit} anywhere (after
     * {@code systemd-run}'s options), followed by a subcommand or an option; -1 otherwise.
     */
    private static int launcherEnd(List<String> segment, Set<String> subcommands) {
        for (int k = 0; k < segment.size(); k++) {
            String w = segment.get(k);
            int end = -1;
            if (k == 0 && w.equals("pve-audit") || w.endsWith("/bin/pve-audit")) {
                end = k + 1;
            } else if (k == 0 && segment.size() > 2 && w.equals("java") && segment.get(1).equals("-jar")
                    && segment.get(2).equals("target/pve-audit.jar")) {
                end = 3;
            }
            if (end > 0 && end < segment.size()
                    && (subcommands.contains(segment.get(end)) || segment.get(end).startsWith("-"))) {
                return end;
            }
        }
        return -1;
    }

    private static void synopses(List<String> body, int first, Set<String> subcommands, List<Synopsis> out) {
        for (int i = 0; i < body.size(); i++) {
            String[] words = body.get(i).strip().split("\\s+");
            if (!body.get(i).startsWith("pve-audit ") || words.length < 2 || !subcommands.contains(words[1])) {
                continue;
            }
            StringBuilder text = new StringBuilder(body.get(i));
            while (i + 1 < body.size() && body.get(i + 1).startsWith(" ")) {
                text.append(' ').append(body.get(++i).strip());
            }
            List<String> options = new ArrayList<>();
            Matcher m = OPTION.matcher(text.substring("pve-audit ".length() + words[1].length()));
            while (m.find()) {
                options.add(m.group(1));
            }
            out.add(new Synopsis(first + 1 + i, words[1], options));
        }
    }
}
