package org.pveaudit.cli;

import org.pveaudit.job.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pveaudit.job.AuditRequestLoader;
import org.pveaudit.job.RuleTests;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleFileException;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RulePackLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import org.pveaudit.model.Count;

/** {@code pve-audit rules check|list|test}: work with rule packs without touching a cluster. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Check, list and test rule packs.",
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class, RulesCommand.Test.class})
final class RulesCommand {

    static List<RulePack> load(List<String> files) {
        return new RulePackLoader(new RuleExpressions()).load(files.isEmpty() ? List.of(AuditRequestLoader.DEFAULT_RULES)
                : files);
    }

    /** Validates rule files and prints one line per pack, or the first problem. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate rule files.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule pack files.")
        List<String> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                for (RulePack pack : load(files)) {
                    out.println(pack.file() + ": pack " + pack.name() + " " + pack.version() + ", "
                            + Count.of(pack.rules().size(), "rule") + ", OK");
                }
                return ExitCode.OK;
            } catch (RuleFileException e) {
                spec.commandLine().getErr().println("pve-audit: " + e.getMessage());
                return ExitCode.INPUT_ERROR;
            }
        }
    }

    /** Prints id, severity, title and frameworks of every rule. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rules (default: the bundled baseline).")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Rule pack files.")
        List<String> files = new ArrayList<>();

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<RulePack> packs;
            try {
                packs = load(files);
            } catch (RuleFileException e) {
                spec.commandLine().getErr().println("pve-audit: " + e.getMessage());
                return ExitCode.INPUT_ERROR;
            }
            List<Rule> rules = packs.stream().flatMap(p -> p.rules().stream()).toList();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Rule r : rules) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.id());
                    m.put("severity", r.severity().key());
                    m.put("subject", r.subject().key());
                    m.put("title", r.title());
                    m.put("frameworks", r.frameworks());
                    m.put("tags", r.tags());
                    m.put("aliases", r.aliases());
                    m.put("params", r.params());
                    list.add(m);
                }
                out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(list));
            } else {
                for (Rule r : rules) {
                    out.printf("%-16s %-9s %s%s%n", r.id(), r.severity().key(), r.title(),
                            r.frameworks().isEmpty() ? "" : "  [" + String.join(", ", r.frameworks()) + "]");
                }
                out.println(Count.of(rules.size(), "rule"));
            }
            return ExitCode.OK;
        }
    }

    /** Runs the rule test fixtures. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run rule fixtures: DIR/<rule-id>/<case>/ with user.cfg or snapshot/ and expected.yml.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = "rules/tests",
                description = "Fixture folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--rules", paramLabel = "FILE", description = "Rule pack files (default: the bundled baseline).")
        List<String> files = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(dir)) {
                err.println("pve-audit: " + dir + ": no such folder");
                return ExitCode.INPUT_ERROR;
            }
            List<RuleTests.CaseResult> results;
            try {
                results = new RuleTests(load(files)).run(dir);
            } catch (RuleFileException e) {
                err.println("pve-audit: " + e.getMessage());
                return ExitCode.INPUT_ERROR;
            }
            int failed = 0;
            for (RuleTests.CaseResult r : results) {
                if (r.passed()) {
                    out.println("ok    " + r.rule() + "/" + r.name());
                    continue;
                }
                failed++;
                out.println("FAIL  " + r.rule() + "/" + r.name()
                        + (r.error() != null ? ": " + r.error() : "")
                        + (r.missing().isEmpty() ? "" : "; expected but not found: " + r.missing())
                        + (r.unexpected().isEmpty() ? "" : "; found but not expected: " + r.unexpected()));
            }
            out.println((results.size() - failed) + " passed, " + failed + " failed");
            return failed == 0 && !results.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
        }
    }
}
