package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after {@code package} (failsafe, {@code mvn verify}): unpacks {@code target/pve-audit-<version>.tar.gz}
 * and runs its launcher, as an operator would.
 */
class DistributionIT {

    @TempDir
    static Path dir;

    static Path home;
    static String version;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("dist.tarball", "target/pve-audit-0.1.0.tar.gz"));
        version = System.getProperty("dist.version", "0.1.0");
        assertThat(tarball).isRegularFile();
        // a space in the installation folder: the launcher must keep every path one argument
        Path install = Files.createDirectories(dir.resolve("opt with space"));
        Result r = exec(install, Map.of(), "tar", "xzf", tarball.toAbsolutePath().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        home = install.resolve("pve-audit-" + version);
    }

    static Result exec(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("PVE_AUDIT_CDS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result launcher(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/pve-audit").toString()));
        command.addAll(List.of(args));
        Map<String, String> withJava = new java.util.HashMap<>(Map.of("JAVA_HOME", System.getProperty("java.home")));
        withJava.putAll(env);
        return exec(cwd, withJava, command.toArray(String[]::new));
    }

    @Test
    void theTarballHoldsLauncherJarRulesTemplatesExampleAndDeployFiles() throws IOException {
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/pve-audit")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("bin/pve-audit"))).startsWith("#!/bin/sh\n");
        for (String f : List.of("lib/pve-audit.jar", "rules/baseline.yml", "report-templates/report.html.ftlh",
                "report-templates/mail.html.ftlh", "report-templates/mail.txt.ftl", "pve-audit.example.yml",
                "deploy/pve-audit.service", "deploy/pve-audit.timer", "deploy/pve-audit-scheduler.service",
                "deploy/pve-audit.cron", "deploy/pve-audit.sysusers", "docs/operations.md",
                "lib/cds/training.yml")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        try (Stream<Path> libs = Files.list(home.resolve("lib/lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("spring-batch-core"))
                    .anyMatch(n -> n.startsWith("picocli"));
        }
        String service = Files.readString(home.resolve("deploy/pve-audit.service"));
        assertThat(service).contains("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                "ReadWritePaths=/var/lib/pve-audit", "LoadCredential=", "User=pve-audit");
    }

    @Test
    void versionAndHelpFromTheUnpackedCopy() throws Exception {
        Result v = launcher(dir, Map.of(), "--version");
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out().strip()).isEqualTo("pve-audit " + version);
        Result help = launcher(dir, Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("audit", "schedule", "rules");
        Result check = launcher(dir, Map.of(), "rules", "check", home.resolve("rules/baseline.yml").toString());
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("pack baseline");
    }

    /** A JDK folder whose release file says {@code version} and whose java runs {@code script}. */
    private static Path fakeJdk(String name, String version, String script) throws IOException {
        Path jdk = dir.resolve(name);
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n" + script + "\n");
        java.toFile().setExecutable(true);
        return jdk;
    }

    @Test
    void theLauncherChoosesCompilerAndHeapByCommandAndByHowManyClustersAnAuditReads() throws Exception {
        Path jdk = fakeJdk("echo-jdk", "17.0.15", "echo \"$*\""); // prints the options it was started with
        Path work = Files.createDirectories(dir.resolve("jit"));
        StringBuilder five = new StringBuilder("clusters:\n");
        for (int i = 1; i <= 5; i++) {
            five.append(i % 2 == 0 ? "  - name: c" + i + "\n    source: usercfg\n" : "  - {name: c" + i + ", source: usercfg}\n");
        }
        Files.writeString(work.resolve("five.yml"), five + "rules: [x.yml]\n");
        Files.writeString(work.resolve("one.yml"), "clusters:\n  - name: a\n    source: usercfg\n");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        String one = launcher(work, env, "audit", "-c", "one.yml").out();
        assertThat(one).contains("-XX:TieredStopAtLevel=1", "-Xmx1g");
        String many = launcher(work, env, "audit", "--config", "five.yml").out();
        assertThat(many).doesNotContain("TieredStopAtLevel").contains("-Xmx1g");
        assertThat(launcher(work, env, "audit", "-c", "five.yml", "--cluster", "c1").out())
                .as("--cluster picks one of the five").contains("-XX:TieredStopAtLevel=1");
        assertThat(launcher(work, Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", "-Xmx3g"), "audit", "-c",
                "five.yml").out()).contains("-Xmx3g").doesNotContain("-Xmx1g");
        assertThat(launcher(work, Map.of("JAVA_HOME", jdk.toString(), "PVE_AUDIT_HEAP", "2g"), "schedule", "-c",
                "one.yml").out()).contains("-Xmx2g").doesNotContain("TieredStopAtLevel");
        assertThat(launcher(work, Map.of("JAVA_HOME", jdk.toString(), "PVE_AUDIT_JIT", "full"), "audit", "-c",
                "one.yml").out()).doesNotContain("TieredStopAtLevel");
        assertThat(launcher(work, env, "rules", "list").out()).contains("-XX:TieredStopAtLevel=1")
                .doesNotContain("-Xmx");
    }

    @Test
    void theLauncherRefusesAJavaOlderThan17() throws Exception {
        Path old = fakeJdk("old-jdk", "11.0.20", "echo should not run >&2\nexit 99");
        Result r = launcher(dir, Map.of("JAVA_HOME", old.toString()), "--version");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("needs Java 17 or later").contains("11.0.20").doesNotContain("should not run");
    }

    @Test
    void auditsTheSampleDataWithTheCdsArchivesAndReadsTheExampleConfiguration() throws Exception {
        Path cds = Files.createDirectories(dir.resolve("cds archives"));
        Result create = launcher(dir, Map.of("PVE_AUDIT_CDS_DIR", cds.toString()), "--create-cds-archive");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(cds.resolve("pve-audit.jsa")).isNotEmptyFile();
        assertThat(cds.resolve("pve-audit-cli.jsa")).isNotEmptyFile();
        assertThat(cds.resolve("pve-audit-history.jsa")).isNotEmptyFile();
        // SQLite's native library, loaded from there instead of unpacked to /tmp at each start
        assertThat(cds.resolve("libsqlitejdbc.so")).isNotEmptyFile();

        // the static CLI archive holds picocli too; a mismatch would print a CDS warning
        Result rules = launcher(dir, Map.of("PVE_AUDIT_CDS_DIR", cds.toString()), "rules", "list");
        assertThat(rules.err()).as("no JVM warnings").isEmpty();
        assertThat(rules.out()).contains("PVE-ACL-001").contains(" rules");

        Path work = Files.createDirectories(dir.resolve("work"));
        Path samples = Path.of("sample-data/pve-audit.yml").toAbsolutePath();
        Result audit = launcher(work, Map.of("PVE_AUDIT_CDS_DIR", cds.toString()), "audit", "-c", samples.toString());
        // no JVM warnings: only the closing lines, the samples' coverage gaps
        assertThat(audit.err().lines()).as("no JVM warnings").containsExactly(
                "pve-audit: branch: coverage gap: tfa: user.cfg: second factors are kept in priv/tfa.cfg, which is "
                        + "not read",
                "pve-audit: lab: coverage gap: tfa: access/tfa.json: file not found in snapshot");
        assertThat(audit.exit()).as(audit.out() + audit.err()).isEqualTo(1);
        assertThat(audit.out()).contains("prod (PVE 9.1.4)").contains("exit code 1");
        assertThat(work.resolve("pve-audit.db")).isRegularFile();
        // where the audit ran, without its configuration: the default database of the folder
        Result history = launcher(work, Map.of("PVE_AUDIT_CDS_DIR", cds.toString()), "history");
        assertThat(history.err()).as("no JVM or SQLite warnings").isEmpty();
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("COMPLETED");

        // the example binds (mail section included) and stops at the first file an operator must supply
        Path creds = Files.createDirectories(dir.resolve("credentials"));
        Files.writeString(creds.resolve("pve-token"), "x");
        Files.writeString(creds.resolve("smtp-password"), "x");
        Result example = launcher(work, Map.of("CREDENTIALS_DIRECTORY", creds.toString()), "audit", "-c",
                home.resolve("pve-audit.example.yml").toString());
        assertThat(example.exit()).isEqualTo(2);
        assertThat(example.err()).contains("clusters[0].ca-file: file not found: /etc/pve-audit/pve-root-ca.pem");
    }
}
