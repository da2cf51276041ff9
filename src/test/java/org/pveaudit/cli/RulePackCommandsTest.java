package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RulePackLoader;
import picocli.CommandLine;

/**
 * Every {@code pve-audit ...} command the bundled pack tells its reader to run (in titles,
 * messages, rationales and remediations) is parsed by the real command line.
 */
class RulePackCommandsTest {

    /** The tool's name as a word (not inside a path such as /etc/pve-audit/), followed by arguments. */
    private static final Pattern COMMAND = Pattern.compile("(?<![\\w./-])pve-audit\\s+");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([^<>]+)>");

    /** A quoted command, with {@code <placeholders>} replaced by sample values. */
    private record Quoted(String rule, String text, List<String> args) {
    }

    @Test
    void everyCommandQuotedInTheBaselineParses() {
        List<Quoted> commands = new ArrayList<>();
        for (Rule rule : new RulePackLoader(new RuleExpressions()).load("classpath:rules/baseline.yml").rules()) {
            for (String text : new String[] {rule.title(), rule.message(), rule.rationale(), rule.remediation()}) {
                commands.addAll(commands(rule.id(), text == null ? "" : text));
            }
        }
        // the six who-can remediations at least; a broken extractor must not pass by finding nothing
        assertThat(commands).hasSizeGreaterThanOrEqualTo(6);
        List<String> problems = new ArrayList<>();
        for (Quoted c : commands) {
            try {
                CommandLine.ParseResult parsed = Main.newCommandLine().parseArgs(c.args().toArray(String[]::new));
                checkValues(parsed, c, problems);
            } catch (CommandLine.ParameterException e) {
                problems.add(c.rule() + ": 'pve-audit " + c.text() + "': " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theFormerWhoCanRemediationDoesNotParse() {
        assertThatThrownBy(() -> Main.newCommandLine().parseArgs("who-can", "Permissions.Modify"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThat(commands("X", "Find it: pve-audit who-can --privilege <privilege> ; then remove it."))
                .singleElement().satisfies(c -> assertThat(c.args())
                        .containsExactly("who-can", "--privilege", "sample"));
    }

    /** Values picocli accepts as text but the command refuses when it runs. */
    private static void checkValues(CommandLine.ParseResult parsed, Quoted c, List<String> problems) {
        CommandLine.ParseResult sub = parsed;
        while (sub.hasSubcommand()) {
            sub = sub.subcommand();
        }
        String privilege = sub.matchedOptionValue("--privilege", null);
        if (privilege != null && !PrivilegeCatalog.of(PveRelease.PVE9).isPrivilege(privilege)
                && !PrivilegeCatalog.of(PveRelease.PVE8).isPrivilege(privilege)) {
            problems.add(c.rule() + ": 'pve-audit " + c.text() + "': unknown privilege " + privilege);
        }
        String path = sub.matchedOptionValue("--path", null);
        if (path != null && AclPath.tryNormalize(path) == null) {
            problems.add(c.rule() + ": 'pve-audit " + c.text() + "': malformed ACL path " + path);
        }
    }

    /**
     * The commands in a text: from {@code pve-audit} to the first unquoted {@code ;} or {@code )}, a
     * sentence end, or the end of the text (the convention of the pack's header).
     */
    private static List<Quoted> commands(String rule, String text) {
        List<Quoted> out = new ArrayList<>();
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            int i = m.end();
            StringBuilder raw = new StringBuilder();
            char quote = 0;
            for (; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quote == 0 && (ch == ';' || ch == ')'
                        || ch == '.' && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1))))) {
                    break;
                }
                if (ch == '\'' || ch == '"') {
                    quote = quote == 0 ? ch : quote == ch ? 0 : quote;
                }
                raw.append(ch);
            }
            String command = raw.toString().strip();
            out.add(new Quoted(rule, command, split(PLACEHOLDER.matcher(command).replaceAll(
                    p -> p.group(1).equals("cluster") ? "prod" : "sample"))));
        }
        return out;
    }

    /** Splits like a POSIX shell: blanks separate words, quotes group and are removed. */
    private static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char ch : command.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
