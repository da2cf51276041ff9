package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.cli.DocExamples.Mode;
import org.pveaudit.cli.DocExamples.Step;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Documentation that runs: every {@code pve-audit} example in README.md and docs/*.md is run against a
 * copy of the sample data, rules and templates, in the order its page shows it, and must exit as the page
 * says (see {@link DocExamples} for the markers). Each page runs in a JVM of its own whose working folder
 * is the copy, since the examples use paths relative to the folder they run in, as a reader would.
 */
@Tag("e2e")
class DocExamplesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> COPIED = List.of("sample-data", "rules", "report-templates");

    @TempDir
    Path work;

    static Set<String> subcommands() {
        Set<String> names = new TreeSet<>();
        for (Class<?> sub : Main.class.getAnnotation(Command.class).subcommands()) {
            names.add(sub.getAnnotation(Command.class).name());
        }
        return names;
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAsThePageSays() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            DocExamples examples = DocExamples.read(page, subcommands());
            if (examples.steps().stream().anyMatch(s -> s.mode() != Mode.SKIP)) {
                tests.add(DynamicTest.dynamicTest(page.toString(), () -> check(examples)));
            }
        }
        return tests.stream();
    }

    @Test
    void theReadmeAndTheGuidesHaveExamplesToRun() throws IOException {
        Set<String> subcommands = subcommands();
        assertThat(DocExamples.read(Path.of("README.md"), subcommands).steps()).extracting(Step::mode)
                .contains(Mode.RUN);
        for (String page : List.of("docs/commands.md", "docs/history.md", "docs/rule-writing.md")) {
            assertThat(DocExamples.read(Path.of(page), subcommands).steps()).as(page).extracting(Step::mode)
                    .contains(Mode.RUN);
        }
    }

    @Test
    void everySynopsisNamesOptionsTheCommandHas() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            for (DocExamples.Synopsis s : DocExamples.read(page, subcommands()).synopses()) {
                Set<String> known = optionsOf(Main.newCommandLine(s.command()).getSubcommands().get(s.command()));
                s.options().stream().filter(o -> !known.contains(o))
                        .forEach(o -> problems.add(page + ":" + s.line() + ": pve-audit " + s.command() + " has no " + o));
            }
        }
        assertThat(problems).isEmpty();
    }

    private static Set<String> optionsOf(CommandLine command) {
        Set<String> names = new TreeSet<>();
        command.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        command.getSubcommands().values().forEach(sub -> names.addAll(optionsOf(sub)));
        return names;
    }

    private void check(DocExamples examples) throws Exception {
        for (Step step : examples.steps()) {
            if (step.mode() == Mode.PARSE) {
                String[] args = step.args().toArray(String[]::new);
                CommandLine cl = Main.newCommandLine(args);
                cl.parseArgs(args); // throws on an unknown option, a missing value or a bad subcommand
            }
        }
        List<Step> run = examples.steps().stream().filter(s -> s.mode() != Mode.PARSE && s.mode() != Mode.SKIP)
                .toList();
        if (run.stream().noneMatch(s -> s.mode() == Mode.RUN)) {
            return;
        }
        Path folder = Files.createDirectories(work.resolve(examples.file().getFileName().toString()));
        for (String dir : COPIED) {
            copy(Path.of(dir), folder.resolve(dir));
        }
        List<Result> results = runIn(folder, run);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            problems.addAll(problems(examples.file(), run.get(i), results.get(i)));
        }
        assertThat(problems).isEmpty();
    }

    private static List<String> problems(Path page, Step step, Result result) {
        List<String> problems = new ArrayList<>();
        String where = step.where(page) + ": " + (step.mode() == Mode.RUN ? "pve-audit " + String.join(" ", step.args())
                : step.text());
        if (result.exit() != step.exit()) {
            problems.add(where + ": exits " + result.exit() + ", the page says " + step.exit() + "\n" + result.err());
        }
        List<String> lines = result.out().lines().toList();
        for (String shown : step.shown()) {
            int cut = shown.indexOf('…');
            String expected = (cut < 0 ? shown : shown.substring(0, cut)).stripTrailing();
            boolean found = lines.stream().anyMatch(l -> cut < 0 ? l.stripTrailing().equals(expected)
                    : l.startsWith(expected));
            if (!found) {
                problems.add(where + ": the page shows the line \"" + shown + "\", which it does not print:\n"
                        + result.out());
            }
        }
        return problems;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** What one step did. */
    record Result(int exit, String out, String err) {
    }

    private static List<Result> runIn(Path folder, List<Step> steps) throws Exception {
        Path plan = folder.resolve("..").resolve(folder.getFileName() + ".steps.json");
        Path results = folder.resolve("..").resolve(folder.getFileName() + ".results.json");
        JSON.writeValue(plan.toFile(), steps);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = folder.resolve("..").resolve(folder.getFileName() + ".log");
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
                Runner.class.getName(), plan.toAbsolutePath().toString(), results.toAbsolutePath().toString())
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a safety net for a hung JVM, not a measure of speed
        assertThat(p.waitFor(30, TimeUnit.MINUTES)).as("the examples finish").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        return JSON.readValue(results.toFile(), new TypeReference<List<Result>>() { });
    }

    /** Runs the steps in this JVM's working folder: pve-audit in-process through {@link Main#run}, the rest by sh. */
    static final class Runner {

        private Runner() {
        }

        public static void main(String[] args) throws Exception {
            List<Step> steps = JSON.readValue(Path.of(args[0]).toFile(), new TypeReference<List<Step>>() { });
            List<Result> results = new ArrayList<>();
            for (Step step : steps) {
                results.add(switch (step.mode()) {
                    case RUN -> pveAudit(step.args());
                    case SHELL -> shell(step.text());
                    case WRITE -> write(step.args().get(0), step.text());
                    default -> throw new IllegalArgumentException(step.mode().name());
                });
            }
            JSON.writeValue(Path.of(args[1]).toFile(), results);
            System.exit(0); // Spring and SQLite may leave threads behind
        }

        private static Result pveAudit(List<String> args) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            try {
                int exit = Main.run(args.toArray(String[]::new));
                return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }

        private static Result shell(String line) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out, "");
        }

        private static Result write(String file, String text) throws IOException {
            Path path = Path.of(file);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, text, StandardCharsets.UTF_8);
            return new Result(0, "", "");
        }
    }
}
