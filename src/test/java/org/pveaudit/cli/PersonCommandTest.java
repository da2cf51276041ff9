package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code pve-audit person} on the history of one audit of the three sample clusters. */
@Tag("e2e")
class PersonCommandTest {


    @TempDir
    static Path audited;

    @TempDir
    Path work;

    static Path db;

    @BeforeAll
    static void audit() throws IOException {
        db = HistoryFixture.auditedSamples(audited);
    }

    private static HistoryFixture.Run person(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "person";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--database";
        all[args.length + 2] = db.toString();
        return HistoryFixture.run(all);
    }

    @Test
    void anAccountOnTwoSampleClustersIsOnePerson() {
        HistoryFixture.Run r = person("svc-backup");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("(key branch:svc-backup@pve; run 1 of ")
                .contains("e-mail  backup-team@example.com");
        assertThat(r.out().lines().filter(l -> l.contains("svc-backup@pve ")).toList()).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("  branch ").contains("pve (pve)").contains("pbs"))
                .anySatisfy(l -> assertThat(l).startsWith("  prod ").contains("pbs"));
    }

    @Test
    void jsonListsEveryAccountWithItsState() {
        HistoryFixture.Run r = person("BACKUP-TEAM@example.com", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        assertThat(doc.get("schema").asString()).isEqualTo("pve-audit/person");
        JsonNode p = doc.get("people").get(0);
        assertThat(p.get("clusters").toString()).isEqualTo("[\"branch\",\"prod\"]");
        JsonNode branch = p.get("accounts").get(0);
        assertThat(branch.get("userId").asString()).isEqualTo("svc-backup@pve");
        assertThat(branch.get("active").asBoolean()).isTrue();
        assertThat(branch.get("tokens").get(0).get("id").asString()).isEqualTo("svc-backup@pve!pbs");
        assertThat(branch.has("adminEquivalent")).isTrue();
    }

    @Test
    void eachClustersRootIsItsOwnPersonSoRootMatchesSeveral() {
        HistoryFixture.Run r = person("root@pam");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("3 people match 'root@pam' in run 1; name one by its key:")
                .contains("  branch:root@pam ").contains("  lab:root@pam ").contains("  prod:root@pam ");
    }

    @Test
    void theRunsFindingsAboutThePersonFollowItsAccounts() {
        HistoryFixture.Run r = person("frank.olsen@example.com");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Frank Olsen  (key prod:former.admin@pam; run 1")
                .contains("  high PVE-PEOPLE-002 on prod: Frank Olsen has no active account on any cluster, but "
                        + "former.admin@pam still owns unexpired tokens [former.admin@pam!old]");
        HistoryFixture.Run json = person("former.admin", "--json");
        assertThat(json.out()).contains("\"rule\" : \"PVE-PEOPLE-002\"").contains("\"account\" : \"former.admin@pam\"");
    }

    @Test
    void aLeaverOfProdStillActiveOnBranchIsOnePersonWithTheFindingOnBranch() {
        HistoryFixture.Run r = person("alejandro.garcia@example.com");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("branch       a.garcia@corp-ad").contains("prod         a.garcia@corp-ldap")
                .contains("  high PVE-PEOPLE-001 on branch: a.garcia@corp-ad (Alejandro Garcia) is active here but "
                        + "disabled or expired on [prod]");
    }

    @Test
    void nobodyMatchingExitsOne() {
        HistoryFixture.Run r = person("nobody@nowhere");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("pve-audit: no person matches 'nobody@nowhere' in run 1 (a key, name, "
                + "e-mail, account or user name)");
    }

    @Test
    void identitiesJoinAccountsNoKeyLinks() throws IOException {
        Path ids = Files.writeString(work.resolve("identities.yml"), """
                people:
                  - name: Jane Doe
                    accounts: ["prod:jane.doe@corp-ldap", "branch:jdoe@corp-ad", "lab:gone@pve"]
                """);
        HistoryFixture.Run r = person("jane doe", "--identities", ids.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Jane Doe  (key branch:jdoe@corp-ad; run 1")
                .contains("prod         jane.doe@corp-ldap");
        assertThat(r.err()).contains("pve-audit: identities: no such account in run 1: " + ids + ":2:5: lab:gone@pve");
    }

    @Test
    void aMistakeInTheIdentitiesFileIsOneLineAndExitTwo() throws IOException {
        Path ids = Files.writeString(work.resolve("identities.yml"), "people:\n  - name: Jane\n    accounts: [jdoe]\n");
        HistoryFixture.Run r = person("jane", "--identities", ids.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pve-audit: " + ids + ":3:16: people.accounts: 'jdoe' is not an "
                + "account cluster:user@realm, such as \"prod:alice@pve\"");
    }
}
