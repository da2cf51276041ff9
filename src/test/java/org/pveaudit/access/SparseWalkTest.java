package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sparse walk behind {@link PrivilegeRow}s visits only a principal's own nodes; every cell of
 * every row must equal the full walk's, which the upstream tests and Proxmox's own output pin.
 */
class SparseWalkTest {

    private static void sameAsFullWalk(AccessModel model, String what) {
        PrivilegeRows rows = model.rows();
        List<String> paths = rows.paths();
        for (String principal : model.principals()) {
            long[] dense = rows.dense(principal);
            PrivilegeRow sparse = rows.of(principal);
            for (int i = 0; i < paths.size(); i++) {
                if (sparse.bitsAt(i) != dense[i]) {
                    assertThat(sparse.bitsAt(i)).as("%s: %s at %s", what, principal, paths.get(i)).isEqualTo(dense[i]);
                }
            }
        }
    }

    @Test
    void equalsTheFullWalkOnTheWorkedAndUpstreamConfigs() {
        List<String> configs = List.of(Configs.T1, Configs.T2, Configs.T3, Configs.T4, Configs.T5, Configs.T6,
                Configs.T7, Configs.T8);
        for (int i = 0; i < configs.size(); i++) {
            sameAsFullWalk(Configs.model(configs.get(i)), "T" + (i + 1));
        }
    }

    @Test
    void equalsTheFullWalkOnRandomConfigs() {
        for (long seed = 0; seed < 400; seed++) {
            sameAsFullWalk(Configs.model(RandomConfigs.generate(seed, seed % 2 == 0)), "seed " + seed);
        }
    }

    @Test
    void equalsTheFullWalkOnTheBenchmarkFile() throws IOException {
        sameAsFullWalk(Configs.model(Files.readString(Path.of("bench/large-user.cfg"))), "bench");
    }

    @Test
    void aNodeThatSortsBetweenAPathAndItsChildrenIsNotBelowIt() {
        AccessModel m = Configs.model("""
                user:a@pve:1:0::::::
                role:R:VM.Audit:
                role:S:Sys.Audit:
                acl:1:/vms:a@pve:R:
                acl:1:/vms-x:a@pve:S:
                acl:1:/vms/100:a@pve:S:
                """);
        sameAsFullWalk(m, "prefix");
        PrivilegeRow row = m.rows().of("a@pve");
        List<String> paths = m.matrixPaths();
        assertThat(row.at(paths.indexOf("/vms-x"))).containsExactly("Sys.Audit");
        assertThat(row.at(paths.indexOf("/vms/100"))).containsExactly("Sys.Audit");
        assertThat(row.at(paths.indexOf("/vms"))).containsExactly("VM.Audit");
    }
}
