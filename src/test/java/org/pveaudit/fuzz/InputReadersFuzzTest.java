package org.pveaudit.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.pveaudit.access.AccessModel;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ConfigException;
import org.pveaudit.declared.AccessComparison;
import org.pveaudit.declared.DeclaredAccessException;
import org.pveaudit.declared.DeclaredAccessFile;
import org.pveaudit.declared.TerraformState;
import org.pveaudit.history.SnapshotStore;
import org.pveaudit.input.InputJson;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.people.IdentitiesException;
import org.pveaudit.people.IdentitiesFile;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleFileException;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.WaiverLoader;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/**
 * Fuzz targets, one per reader and per snapshot file kind: mutated seeds of {@code src/test/resources/fuzz}
 * and structural cases are accepted (and what is accepted goes on through the permission engine and the
 * history's stored form) or refused as a clean input error, in time. {@code mvn verify} runs
 * {@code jqwik.tries.default} tries of each (junit-platform.properties); {@code bench/fuzz.sh} runs many more.
 */
@Tag("fuzz")
class InputReadersFuzzTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    private Path dir;
    /** The bundled rules, for the waivers target: read once per property. */
    private List<Rule> rules;

    @BeforeProperty
    void workspace() throws IOException {
        dir = Files.createTempDirectory("pve-audit-fuzz");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------ user.cfg and domains.cfg

    @Provide
    Arbitrary<byte[]> userCfgs() {
        return FuzzInputs.mutated(FuzzInputs.seeds("usercfg"), FuzzInputs.Format.USER_CFG);
    }

    @Property
    void userCfg(@ForAll("userCfgs") byte[] input) throws IOException {
        Path file = dir.resolve("user.cfg");
        Files.write(file, input);
        CleanRead target = new CleanRead("usercfg", List.of(SourceException.class));
        for (UserCfgParser.Mode mode : UserCfgParser.Mode.values()) {
            target.check(input, file.toString(), () -> goesOn(
                    new UserCfgSource("fuzz", file, null, "9.1", mode).collect()));
        }
    }

    @Provide
    Arbitrary<byte[]> domainsCfgs() {
        return FuzzInputs.mutated(FuzzInputs.seeds("domainscfg"), FuzzInputs.Format.DOMAINS_CFG);
    }

    @Property
    void domainsCfg(@ForAll("domainsCfgs") byte[] input) throws IOException {
        Path users = dir.resolve("user.cfg");
        Files.write(users, FuzzInputs.seed("usercfg", "upstream-style.cfg"));
        Path file = dir.resolve("domains.cfg");
        Files.write(file, input);
        new CleanRead("domainscfg", List.of(SourceException.class)).check(input, file.toString(), () -> goesOn(
                new UserCfgSource("fuzz", users, file, "9.1", UserCfgParser.Mode.FAIL).collect()));
    }

    // ------------------------------------------------------------------ snapshot folders, per file kind

    @Provide
    Arbitrary<byte[]> json() {
        return FuzzInputs.mutated(FuzzInputs.seeds("snapshot"), FuzzInputs.Format.JSON);
    }

    @Property
    void versionJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("version.json", input);
    }

    @Property
    void clusterStatusJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("cluster/status.json", input);
    }

    @Property
    void usersJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/users.json", input);
    }

    @Property
    void aclJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/acl.json", input);
    }

    @Property
    void rolesJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/roles.json", input);
    }

    @Property
    void groupsJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/groups.json", input);
    }

    @Property
    void domainsJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/domains.json", input);
    }

    @Property
    void realmDetailJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/domains/campus-ldap.json", input);
    }

    @Property
    void tfaJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("access/tfa.json", input);
    }

    @Property
    void poolsJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("pools.json", input);
    }

    @Property
    void poolDetailJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("pools/course.json", input);
    }

    @Property
    void sourceJson(@ForAll("json") byte[] input) throws IOException {
        snapshot("source.json", input);
    }

    /** The seed folder with one file replaced by the input. */
    private void snapshot(String kind, byte[] input) throws IOException {
        Path folder = dir.resolve("snapshot");
        if (!Files.isDirectory(folder)) {
            copy(FuzzInputs.corpus().resolve("snapshot/lab"), folder);
        }
        Path file = folder.resolve(kind);
        Files.write(file, input);
        new CleanRead("snapshot-" + kind.replace('/', '-'), List.of(SourceException.class))
                .check(input, file.toString(), () -> goesOn(new SnapshotFolderSource("fuzz", folder, null).collect()));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * What the audit does next with an accepted snapshot: the permission engine over every relevant path,
     * one principal's privileges as the rules see them, and the history's stored form read back.
     */
    private static void goesOn(ClusterSnapshot snapshot) {
        AccessModel model = AccessModel.of(snapshot);
        model.matrixPaths();
        ClusterView view = new ClusterView(snapshot, TODAY.toEpochDay() * 86_400);
        for (String principal : model.principals().stream().limit(3).toList()) {
            // the row, not privilegedPaths: that map holds the text of every path held, which for root@pam and
            // an ACL path n segments deep is n²/2 segments of output, not computation
            view.row(principal).nonEmptyPaths();
            view.privilegesAnywhere(principal);
            view.holdsAtOrBelow(principal, "/vms", "VM.Audit");
        }
        InputJson.storedMapper().readValue(SnapshotStore.snapshotJson(SnapshotStore.storedForm(snapshot)),
                ClusterSnapshot.class);
    }

    // ------------------------------------------------------------------ configuration, rule packs, waivers

    @Provide
    Arbitrary<byte[]> configs() {
        return FuzzInputs.mutated(FuzzInputs.seeds("config"), FuzzInputs.Format.YAML);
    }

    @Property
    void config(@ForAll("configs") byte[] input) throws IOException {
        Path file = dir.resolve("pve-audit.yml");
        Files.write(file, input);
        new CleanRead("config", List.of(ConfigException.class)).check(input, file.toString(),
                () -> AuditConfigLoader.load(file));
    }

    @Provide
    Arbitrary<byte[]> rulePacks() {
        return FuzzInputs.mutated(FuzzInputs.seeds("rulepack"), FuzzInputs.Format.YAML);
    }

    @Property
    void rulePack(@ForAll("rulePacks") byte[] input) throws IOException {
        Path file = dir.resolve("pack.yml");
        Files.write(file, input);
        RulePackLoader loader = new RulePackLoader(new RuleExpressions());
        new CleanRead("rulepack", List.of(RuleFileException.class)).check(input, file.toString(),
                () -> loader.load(List.of(file.toString())));
    }

    @Provide
    Arbitrary<byte[]> waiverFiles() {
        return FuzzInputs.mutated(FuzzInputs.seeds("waivers"), FuzzInputs.Format.YAML);
    }

    @Property
    void waivers(@ForAll("waiverFiles") byte[] input) throws IOException {
        if (rules == null) {
            rules = new RulePackLoader(new RuleExpressions()).load("classpath:rules/baseline.yml").rules();
        }
        List<Rule> known = rules;
        Path file = dir.resolve("waivers.yml");
        Files.write(file, input);
        new CleanRead("waivers", List.of(RuleFileException.class)).check(input, file.toString(),
                () -> new WaiverLoader().load(file, known, TODAY));
    }

    @Provide
    Arbitrary<byte[]> identitiesFiles() {
        return FuzzInputs.mutated(FuzzInputs.seeds("identities"), FuzzInputs.Format.YAML);
    }

    @Property
    void identities(@ForAll("identitiesFiles") byte[] input) throws IOException {
        Path file = dir.resolve("identities.yml");
        Files.write(file, input);
        new CleanRead("identities", List.of(IdentitiesException.class)).check(input, file.toString(),
                () -> IdentitiesFile.read(file));
    }

    // ------------------------------------------------------------------ declared access

    /** What a declaration is compared with: a cluster holding nothing but root@pam. */
    private static final ClusterSnapshot ROOT_ONLY = new ClusterSnapshot(
            new org.pveaudit.model.ClusterIdentity("fuzz", "9.1", List.of("pve1")), java.time.Instant.EPOCH,
            List.of(new org.pveaudit.model.User("root@pam", true, 0, null, null, null, null, null, List.of(), "pam",
                    false, 0)), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of());

    @Provide
    Arbitrary<byte[]> declaredFiles() {
        return FuzzInputs.mutated(FuzzInputs.seeds("declared"), FuzzInputs.Format.YAML);
    }

    @Property
    void declaredAccess(@ForAll("declaredFiles") byte[] input) throws IOException {
        Path file = dir.resolve("declared-access.yml");
        Files.write(file, input);
        new CleanRead("declared", List.of(DeclaredAccessException.class)).check(input, file.toString(),
                () -> AccessComparison.of(DeclaredAccessFile.read(file), ROOT_ONLY));
    }

    @Provide
    Arbitrary<byte[]> terraformFiles() {
        return FuzzInputs.mutated(FuzzInputs.seeds("terraform"), FuzzInputs.Format.JSON);
    }

    @Property
    void terraformState(@ForAll("terraformFiles") byte[] input) throws IOException {
        Path file = dir.resolve("state.json");
        Files.write(file, input);
        new CleanRead("terraform", List.of(DeclaredAccessException.class)).check(input, file.toString(),
                () -> AccessComparison.of(TerraformState.read(file), ROOT_ONLY));
    }
}
