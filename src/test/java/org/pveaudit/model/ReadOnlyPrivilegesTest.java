package org.pveaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadOnlyPrivilegesTest {

    @Test
    void theReadOnlyPrivilegesArePveAuditorsAndSysSyslog() {
        for (PveRelease release : List.of(PveRelease.PVE8, PveRelease.PVE9)) {
            PrivilegeCatalog catalog = PrivilegeCatalog.of(release);
            assertThat(ReadOnlyPrivileges.beyondRead(catalog.builtInRoles().get("PVEAuditor"))).isEmpty();
            assertThat(ReadOnlyPrivileges.beyondRead(catalog.builtInRoles().get("Administrator")))
                    .doesNotContain("Sys.Syslog", "Sys.Audit").contains("Permissions.Modify", "VM.Console");
        }
        assertThat(ReadOnlyPrivileges.NAMES).containsExactlyInAnyOrder("Datastore.Audit", "Mapping.Audit",
                "Pool.Audit", "SDN.Audit", "Sys.Audit", "Sys.Syslog", "VM.Audit", "VM.GuestAgent.Audit");
        assertThat(PrivilegeCatalog.of(PveRelease.PVE9).privileges()).containsAll(ReadOnlyPrivileges.NAMES);
    }

    @Test
    void privilegesThatReachIntoAGuestAreNotReadOnly() {
        // VM.Monitor (8.x) also gates the guest agent: running programs, setting passwords in the guest
        assertThat(ReadOnlyPrivileges.beyondRead(List.of("VM.Audit", "VM.Monitor", "VM.GuestAgent.FileRead",
                "VM.GuestAgent.Audit", "Sys.Console"))).containsExactly("VM.Monitor", "VM.GuestAgent.FileRead",
                "Sys.Console");
    }
}
