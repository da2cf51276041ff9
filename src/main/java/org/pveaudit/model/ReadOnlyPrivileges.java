package org.pveaudit.model;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The one definition of "privileged": a principal is privileged when it holds a privilege that is
 * not in {@link #NAMES}, the privileges that only let their holder read what Proxmox VE shows
 * about the cluster.
 *
 * <p>The set, privilege by privilege (reference 1.1 and 1.4, Proxmox VE 8.x and 9.x):
 * <ul>
 * <li>{@code Sys.Audit}, {@code VM.Audit}, {@code Datastore.Audit}, {@code SDN.Audit},
 *     {@code Pool.Audit}, {@code Mapping.Audit}: view the configuration and status of nodes,
 *     guests, storages, SDN, pools and resource mappings (on 9.x Sys.Audit also opens the QEMU
 *     monitor, but only its read-only {@code info} and {@code help} commands: every other one needs
 *     Sys.Modify on {@code /}).</li>
 * <li>{@code VM.GuestAgent.Audit} (9.x): the informational guest-agent queries (OS, network,
 *     file systems); reading or writing files and running commands are separate privileges.</li>
 * <li>{@code Sys.Syslog}: read the nodes' system log.</li>
 * </ul>
 * Not in the set, although they may look like reading: {@code VM.Monitor} (8.x), which also gates
 * every guest-agent command up to running programs and setting passwords in the guest (9.x split
 * it into the {@code VM.GuestAgent.*} privileges); {@code VM.GuestAgent.FileRead}, which reads any
 * file inside a guest; {@code VM.Console} and {@code Sys.Console}, which open interactive sessions.
 * These are exactly PVEAuditor's privileges plus Sys.Syslog.
 */
public final class ReadOnlyPrivileges {

    /** The privileges that only read; every other privilege makes its holder privileged. */
    public static final Set<String> NAMES = Set.of("Datastore.Audit", "Mapping.Audit", "Pool.Audit", "SDN.Audit",
            "Sys.Audit", "Sys.Syslog", "VM.Audit", "VM.GuestAgent.Audit");

    private ReadOnlyPrivileges() {
    }

    public static boolean isReadOnly(String privilege) {
        return NAMES.contains(privilege);
    }

    /** The privileges of the list that go beyond reading, in the list's order. */
    public static List<String> beyondRead(Collection<String> privileges) {
        return privileges.stream().filter(p -> !isReadOnly(p)).toList();
    }
}
