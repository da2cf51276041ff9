package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.MigratedHistory;
import org.pveaudit.history.Retention;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** review close and review verify on a campaign in a real SQLite history, with workbooks the test writes. */
class ReviewEvidenceTest {

    /** Names as hostile as a cluster, a realm or a reviewer map can make them. */
    private static final String HOSTILE_PRINCIPAL = "<script>alert(1)</script>@pve";
    private static final String HOSTILE_REASON = "\"><img src=x onerror=alert(2)> still needed";
    private static final String HOSTILE_REVIEWER = "ann & <b>co</b>";
    private static final String HOSTILE_FILE = "ann's <review>.xlsx";

    @TempDir
    Path dir;

    Path database;
    Path imports;
    Path out;
    Path reportDir;
    AuditHistory history;
    Campaign campaign;

    record Result(int exit, String out, String err) {
    }

    static Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    Result close(String... extra) {
        List<String> args = new ArrayList<>(List.of("--database", database.toString(), "--name", campaign.name(),
                "--imports", imports.toString(), "-o", out.toString()));
        args.addAll(List.of(extra));
        return run(new ReviewCloseCommand(), args.toArray(String[]::new));
    }

    static Result verify(Path bundle, String... extra) {
        List<String> args = new ArrayList<>(List.of(bundle.toString()));
        args.addAll(List.of(extra));
        return run(new ReviewVerifyCommand(), args.toArray(String[]::new));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static ReviewRow row(String cluster, String principal, String reviewer) {
        return new ReviewRow(cluster, principal, principal.contains("!") ? "token" : "user", reviewer, false, "d",
                Map.of("Realm", "pve"));
    }

    static Decision decision(String principal, Decision.Verdict v, String reason, String reviewer) {
        return new Decision("prod", principal, v, reason, reviewer, LocalDate.of(2027, 1, 5));
    }

    /** A completed run with a report folder, a campaign of three rows and two imports of workbooks written here. */
    @BeforeEach
    void campaign() throws Exception {
        history = new AuditHistory(MigratedHistory.in(dir));
        database = dir.resolve("history.db");
        imports = Files.createDirectories(dir.resolve("imports"));
        out = dir.resolve("out");
        reportDir = Files.createDirectories(dir.resolve("reports/20270102-090000-r1"));
        Files.writeString(reportDir.resolve("report.html"), "<html>report</html>");
        Files.writeString(Files.createDirectories(reportDir.resolve("extra")).resolve("findings.json"), "{}");
        long run = history.runs().start("test", "hash", "baseline@1", "high");
        history.runs().complete(run, reportDir.toString(), 1, Retention.FOREVER);
        campaign = history.reviews().open("2027-Q1", run, LocalDate.now().plusDays(30), Instant.now(), List.of(
                row("prod", HOSTILE_PRINCIPAL, HOSTILE_REVIEWER), row("prod", "bob@pve", "ben"),
                row("prod", "eve@pve", "ben")));
        importWorkbook(HOSTILE_FILE, "ann's answers".getBytes(StandardCharsets.UTF_8), HOSTILE_REVIEWER,
                decision(HOSTILE_PRINCIPAL, Decision.Verdict.REVOKE, HOSTILE_REASON, HOSTILE_REVIEWER));
        importWorkbook("ben.xlsx", "ben's answers".getBytes(StandardCharsets.UTF_8), "ben",
                decision("bob@pve", Decision.Verdict.KEEP, "on call", "ben"));
    }

    void importWorkbook(String file, byte[] bytes, String reviewer, Decision d) throws Exception {
        Files.write(imports.resolve(file), bytes);
        history.reviews().recordImport(campaign.id(), "ops", file, sha256(bytes), Set.of(reviewer), List.of(d));
    }

    Path bundle() {
        return out.resolve("review-2027-Q1-evidence");
    }

    Path zip() {
        return out.resolve("review-2027-Q1-evidence.zip");
    }

    @Test
    void closeFreezesTheCampaignAndWritesTheBundle() throws Exception {
        Result r = close();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("campaign 2027-Q1 closed at").contains("review-2027-Q1-evidence.zip");
        assertThat(history.reviews().campaign("2027-Q1").orElseThrow().closed()).isTrue();

        Path b = bundle();
        assertThat(b.resolve("workbooks/001-" + HOSTILE_FILE)).hasContent("ann's answers");
        assertThat(b.resolve("workbooks/002-ben.xlsx")).hasContent("ben's answers");
        assertThat(b.resolve("report/report.html")).hasContent("<html>report</html>");
        assertThat(b.resolve("report/extra/findings.json")).exists();
        assertThat(b.resolve("manifest.json.asc")).doesNotExist();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "review-2027-Q1-evidence", "review-2027-Q1-evidence.zip"); // no partial folder left
        }

        JsonNode manifest = JsonMapper.builder().build().readTree(Files.readAllBytes(b.resolve("manifest.json")));
        assertThat(manifest.get("schema").asString()).isEqualTo("pve-audit/review-evidence");
        assertThat(manifest.get("campaign").get("name").asString()).isEqualTo("2027-Q1");
        assertThat(manifest.get("campaign").get("id").asLong()).isEqualTo(campaign.id());
        List<String> paths = new ArrayList<>();
        for (JsonNode f : manifest.get("files")) {
            paths.add(f.get("path").asString());
            byte[] bytes = Files.readAllBytes(b.resolve(f.get("path").asString()));
            assertThat(f.get("sha256").asString()).isEqualTo(sha256(bytes));
            assertThat(f.get("size").asLong()).isEqualTo(bytes.length);
        }
        assertThat(paths).containsExactly("report/extra/findings.json", "report/report.html", "summary.html",
                "workbooks/001-" + HOSTILE_FILE, "workbooks/002-ben.xlsx");
        assertThat(Files.readAllLines(b.resolve("manifest.sha256"))).hasSize(6)
                .contains(sha256(Files.readAllBytes(b.resolve("manifest.json"))) + "  manifest.json");

        try (ZipFile z = new ZipFile(zip().toFile())) {
            assertThat(z.stream().map(ZipEntry::getName).toList()).containsExactly(
                    "review-2027-Q1-evidence/manifest.json", "review-2027-Q1-evidence/manifest.sha256",
                    "review-2027-Q1-evidence/report/extra/findings.json",
                    "review-2027-Q1-evidence/report/report.html", "review-2027-Q1-evidence/summary.html",
                    "review-2027-Q1-evidence/workbooks/001-" + HOSTILE_FILE,
                    "review-2027-Q1-evidence/workbooks/002-ben.xlsx");
        }
    }

    @Test
    void theSummaryCountsListsAndEscapes() throws Exception {
        assertThat(close().exit()).isZero();
        Document doc = Jsoup.parse(bundle().resolve("summary.html").toFile(), "UTF-8");
        assertThat(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .startsWith("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("b")).isEmpty();
        assertThat(doc.select("#count-rows strong").text()).isEqualTo("3");
        assertThat(doc.select("#count-decided strong").text()).isEqualTo("2");
        assertThat(doc.select("#count-open strong").text()).isEqualTo("1");
        assertThat(doc.select("#count-overdue strong").text()).isEqualTo("0");
        assertThat(doc.select("#reviewers tbody tr")).extracting(e -> e.text())
                .containsExactly(HOSTILE_REVIEWER + " 1 1 0", "ben 2 1 1");
        assertThat(doc.select("#decisions tbody tr")).extracting(e -> e.select("td").eachText()).containsExactly(
                List.of("prod", HOSTILE_PRINCIPAL, "revoke", HOSTILE_REASON.strip(), HOSTILE_REVIEWER, "2027-01-05"),
                List.of("prod", "bob@pve", "keep", "on call", "ben", "2027-01-05"));
        assertThat(doc.select("#revocations tbody tr")).hasSize(1).first()
                .satisfies(e -> assertThat(e.select("td").get(1).text()).isEqualTo(HOSTILE_PRINCIPAL));
        assertThat(doc.select("#open-rows tbody tr td")).extracting(e -> e.text()).contains("eve@pve");
        assertThat(doc.select("#trail tbody tr")).hasSize(2).first().satisfies(e -> {
            assertThat(e.select("td").get(1).text()).isEqualTo("ops");
            assertThat(e.select("td").get(2).text()).isEqualTo(HOSTILE_FILE);
            assertThat(e.select("td").get(4).text()).isEqualTo(sha256("ann's answers".getBytes(StandardCharsets.UTF_8)));
        });
        assertThat(doc.select("#campaign").text()).contains("2027-Q1").contains("in report/ of this bundle");
    }

    @Test
    void aBundleVerifiesAsFolderAsZipAndWithSha256sum() throws Exception {
        assertThat(close().exit()).isZero();
        Result folder = verify(bundle());
        assertThat(folder.exit()).as(folder.out() + folder.err()).isZero();
        assertThat(folder.out()).contains("campaign 2027-Q1").contains("verified: every file matches")
                .contains("signature: none (the bundle is not signed)");
        Result zip = verify(zip());
        assertThat(zip.exit()).as(zip.out() + zip.err()).isZero();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sha256sum")), "sha256sum is not installed");
        Process p = new ProcessBuilder("sha256sum", "--quiet", "-c", "manifest.sha256").directory(bundle().toFile())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void aChangedMissingOrAddedFileFailsVerificationNamingIt() throws Exception {
        assertThat(close().exit()).isZero();
        Path workbook = bundle().resolve("workbooks/002-ben.xlsx");
        byte[] bytes = Files.readAllBytes(workbook);
        bytes[0] ^= 1;
        Files.write(workbook, bytes);
        Result changed = verify(bundle());
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.out()).contains("workbooks/002-ben.xlsx: changed").contains("NOT verified: 1 file does");

        Files.delete(bundle().resolve("report/report.html"));
        Files.writeString(bundle().resolve("notes.txt"), "added later");
        Result more = verify(bundle());
        assertThat(more.exit()).isEqualTo(1);
        assertThat(more.out()).contains("report/report.html: missing")
                .contains("notes.txt: not listed in the manifest").contains("NOT verified: 3 files do not match");
    }

    @Test
    void aChangedEntryOfTheZipFailsVerification() throws Exception {
        assertThat(close().exit()).isZero();
        Path tampered = dir.resolve("tampered.zip");
        rezip(zip(), tampered, name -> name.endsWith("summary.html") ? "<html>all fine</html>".getBytes() : null);
        Result r = verify(tampered);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("summary.html: changed");
    }

    @Test
    void aZipWithAnEntryOutsideTheBundleIsRefused() throws Exception {
        assertThat(close().exit()).isZero();
        for (String evil : List.of("../x", "review-2027-Q1-evidence/../../x", "/etc/x", "C:x")) {
            Path hostile = dir.resolve("hostile.zip");
            Files.deleteIfExists(hostile);
            rezip(zip(), hostile, name -> null, evil);
            Result r = verify(hostile);
            assertThat(r.exit()).as(evil).isEqualTo(2);
            assertThat(r.err()).contains("hostile.zip: entry '" + evil + "'").contains("refused")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aMissingBundleOrAnUnreadableManifestIsAUsageError() throws Exception {
        Result none = verify(dir.resolve("nothing-here"));
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("nothing-here: no such bundle");
        assertThat(close().exit()).isZero();
        Files.writeString(bundle().resolve("manifest.json"), "{ not json");
        Result broken = verify(bundle());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).startsWith("pve-audit: ").contains("manifest.json:1:").doesNotContain("Exception");
    }

    @Test
    void aWorkbookChangedAfterItsImportStopsTheCloseAndTheCampaignStaysOpen() throws Exception {
        Files.writeString(imports.resolve("ben.xlsx"), "ben's answers, edited later");
        Result r = close();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("ben.xlsx: SHA-256").contains("a workbook changed after its import is not evidence")
                .doesNotContain("Exception");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(history.reviews().campaign("2027-Q1").orElseThrow().closed()).isFalse();
        assertThat(out).satisfiesAnyOf(o -> assertThat(o).doesNotExist(), o -> assertThat(o).isEmptyDirectory());
    }

    @Test
    void anOlderCopyOneFolderDownIsFoundByItsSha256() throws Exception {
        Path round1 = Files.createDirectories(imports.resolve("round-1"));
        Files.move(imports.resolve("ben.xlsx"), round1.resolve("ben.xlsx"));
        Files.writeString(imports.resolve("ben.xlsx"), "a later workbook of the same name");
        Result r = close();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(bundle().resolve("workbooks/002-ben.xlsx")).hasContent("ben's answers");
    }

    @Test
    void aTrailFileNotFoundStopsTheClose() throws Exception {
        Files.delete(imports.resolve("ben.xlsx"));
        Result r = close();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("ben.xlsx: not found").contains("--imports DIR");
        assertThat(history.reviews().campaign("2027-Q1").orElseThrow().closed()).isFalse();
    }

    @Test
    void closingAgainWritesTheSameBundleElsewhereAndNeverOverwrites() throws Exception {
        assertThat(close().exit()).isZero();
        Instant closedAt = history.reviews().campaign("2027-Q1").orElseThrow().closedAt();
        Result again = close();
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists").contains("never overwritten");

        Path first = zip();
        out = dir.resolve("again");
        Result elsewhere = close();
        assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
        assertThat(elsewhere.out()).contains("was already closed at");
        assertThat(history.reviews().campaign("2027-Q1").orElseThrow().closedAt()).isEqualTo(closedAt);
        // same campaign, same files, same closing time: the same zip, byte for byte
        assertThat(Files.readAllBytes(zip())).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void aReportFolderNoLongerThereIsSaidInTheSummary() throws Exception {
        Files.delete(reportDir.resolve("extra/findings.json"));
        Files.delete(reportDir.resolve("extra"));
        Files.delete(reportDir.resolve("report.html"));
        Files.delete(reportDir);
        Result r = close();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(bundle().resolve("report")).doesNotExist();
        Document doc = Jsoup.parse(bundle().resolve("summary.html").toFile(), "UTF-8");
        assertThat(doc.select("#campaign").text()).contains("not available").contains("was not found");
        assertThat(verify(bundle()).exit()).isZero();
    }

    @Test
    void aLinkInTheBundleFolderFailsVerification() throws Exception {
        assertThat(close().exit()).isZero();
        Files.createSymbolicLink(bundle().resolve("workbooks/link.xlsx"), imports.resolve("ben.xlsx"));
        Result r = verify(bundle());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("workbooks/link.xlsx: not a regular file of the bundle folder");
    }

    @Test
    void aHostileCampaignNameStaysInsideTheOutputFolderAndOffTheTerminal() throws Exception {
        long run = history.runs().latest(1).get(0).id();
        history.reviews().open("../../evil\u001b[31m", run, LocalDate.now(), Instant.now(),
                List.of(row("prod", "x@pve", "ann")));
        Result r = run(new ReviewCloseCommand(), "--database", database.toString(), "--name", "../../evil\u001b[31m",
                "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(out.resolve("review-.._.._evil__31m-evidence/summary.html")).exists();
        assertThat(r.out()).contains("campaign ../../evil\\x1b[31m closed").doesNotContain("\u001b");
        assertThat(verify(out.resolve("review-.._.._evil__31m-evidence.zip")).exit()).isZero();
    }

    @Test
    void noSuchCampaignIsAUsageError() {
        Result r = run(new ReviewCloseCommand(), "--database", database.toString(), "--name", "2099-Q9", "-o",
                out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pve-audit: no campaign '2099-Q9' in the history" + System.lineSeparator());
    }

    // --- signatures

    /**
     * An Ed25519 key protected by {@code passphrase}: the armoured secret key and public key files (version 4, as
     * gpg makes them; what gpg itself makes and checks is {@link #aKeyMadeAndExportedWithGpgSigns}).
     */
    Path[] key(String name, String passphrase) throws Exception {
        OpenPGPKey key = new BcOpenPGPApi().generateKey(PublicKeyPacket.VERSION_4).ed25519x25519Key(name + " <" + name + "@example.org>")
                .build(passphrase.toCharArray());
        Path secret = dir.resolve(name + "-secret.asc");
        Path pub = dir.resolve(name + "-public.asc");
        Files.writeString(secret, key.toAsciiArmoredString());
        Files.writeString(pub, key.toCertificate().toAsciiArmoredString());
        return new Path[] {secret, pub};
    }

    @Test
    void aSignedBundleVerifiesWithItsKeyAndNotWithAnother() throws Exception {
        Path[] auditor = key("auditor", "correct horse");
        Path[] other = key("other", "battery staple");
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, "correct horse\n");
        Result closed = close("--sign-key", auditor[0].toString(), "--sign-passphrase-file", pass.toString());
        assertThat(closed.exit()).as(closed.err()).isZero();
        assertThat(closed.out() + closed.err()).contains("manifest.json signed").doesNotContain("correct horse");
        assertThat(bundle().resolve("manifest.json.asc")).content().startsWith("-----BEGIN PGP SIGNATURE-----");

        Result good = verify(zip(), "--key", auditor[1].toString());
        assertThat(good.exit()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).contains("good signature by key").contains("auditor@example.org");
        Result notChecked = verify(bundle());
        assertThat(notChecked.exit()).isZero();
        assertThat(notChecked.out()).contains("present, not checked");
        Result wrongKey = verify(bundle(), "--key", other[1].toString());
        assertThat(wrongKey.exit()).as(wrongKey.out() + wrongKey.err()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("not signed by key").contains("the signature does not verify");

        // a manifest rewritten to match a changed file no longer matches the signature
        Path manifest = bundle().resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"2027-Q1\"", "\"2027-Q2\""));
        Result forged = verify(bundle(), "--key", auditor[1].toString());
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.out()).contains("BAD signature");
    }

    @Test
    void anUnsignedBundleDoesNotVerifyWhenAKeyIsExpected() throws Exception {
        Path[] auditor = key("auditor", "pw");
        assertThat(close().exit()).isZero();
        Result r = verify(bundle(), "--key", auditor[1].toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("the bundle is not signed");
        Result notAKey = verify(bundle(), "--key", bundle().resolve("summary.html").toString());
        assertThat(notAKey.exit()).isEqualTo(2);
        assertThat(notAKey.err()).contains("summary.html: not an OpenPGP public key");
    }

    @Test
    void aWrongPassphraseStopsTheCloseBeforeAnythingChanges() throws Exception {
        Path[] auditor = key("auditor", "correct horse");
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, "wrong horse\n");
        Result r = close("--sign-key", auditor[0].toString(), "--sign-passphrase-file", pass.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(pass + ": not the passphrase of the signing key in " + auditor[0])
                .doesNotContain("horse");
        assertThat(history.reviews().campaign("2027-Q1").orElseThrow().closed()).isFalse();
        Result none = close("--sign-key", auditor[0].toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("is protected by a passphrase: pass --sign-passphrase-file FILE");
        Result publicOnly = close("--sign-key", auditor[1].toString());
        assertThat(publicOnly.exit()).isEqualTo(2);
        assertThat(publicOnly.err()).contains("holds no OpenPGP secret key");
    }

    @Test
    void aKeyMadeAndExportedWithGpgSigns() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpg")), "gpg is not installed");
        Path home = gnupgHome("maker");
        Path secret = dir.resolve("ops-secret.asc");
        Path pub = dir.resolve("ops-public.asc");
        try {
            assertThat(gpg(home, null, "--pinentry-mode", "loopback", "--passphrase", "gpg pass", "--quick-gen-key",
                    "Ops <ops@example.org>", "ed25519", "sign", "never")).isZero();
            assertThat(gpg(home, secret, "--pinentry-mode", "loopback", "--passphrase", "gpg pass",
                    "--export-secret-keys", "--armor", "ops@example.org")).isZero();
            assertThat(gpg(home, pub, "--export", "--armor", "ops@example.org")).isZero();
        } finally {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent").start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, "gpg pass");
        Result closed = close("--sign-key", secret.toString(), "--sign-passphrase-file", pass.toString());
        assertThat(closed.exit()).as(closed.err()).isZero();
        Result good = verify(zip(), "--key", pub.toString());
        assertThat(good.exit()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).contains("good signature by key").contains("ops@example.org");
        assertGpgAgrees(pub, zip());
    }

    private Path gnupgHome(String name) throws IOException {
        Path home = Files.createDirectories(dir.resolve("gnupg-" + name));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    /** gpg, where installed, accepts the signature (the interoperability the docs promise). */
    private void assertGpgAgrees(Path publicKey, Path zip) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/gpg"))) {
            return;
        }
        Path home = gnupgHome("checker");
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (String f : List.of("manifest.json", "manifest.json.asc")) {
                Files.write(unpacked.resolve(f), z.getInputStream(z.getEntry("review-2027-Q1-evidence/" + f))
                        .readAllBytes());
            }
        }
        assertThat(gpg(home, null, "--import", publicKey.toString())).isZero();
        assertThat(gpg(home, null, "--verify", unpacked.resolve("manifest.json.asc").toString(),
                unpacked.resolve("manifest.json").toString())).isZero();
    }

    /** Runs gpg on its own home folder; its standard output goes to {@code output} when not null. */
    private static int gpg(Path home, Path output, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--quiet"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null")));
        if (output != null) {
            pb.redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectErrorStream(true);
        }
        Process p = pb.start();
        if (output == null) {
            p.getInputStream().readAllBytes();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** Copies a zip, replacing entries {@code change} gives new bytes for, and adding empty {@code extra} entries. */
    private static void rezip(Path from, Path to, java.util.function.Function<String, byte[]> change, String... extra)
            throws IOException {
        try (ZipFile in = new ZipFile(from.toFile());
             OutputStream file = Files.newOutputStream(to);
             ZipOutputStream zout = new ZipOutputStream(file)) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] bytes = change.apply(e.getName());
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(bytes != null ? bytes : in.getInputStream(e).readAllBytes());
                zout.closeEntry();
            }
            for (String name : extra) {
                zout.putNextEntry(new ZipEntry(name));
                zout.write(new ByteArrayOutputStream().toByteArray());
                zout.closeEntry();
            }
        }
    }
}
