package org.pveaudit.model;

import java.util.List;

/** Which cluster this is: its configured name, the pve-manager version and the node names. */
public record ClusterIdentity(String name, String version, List<String> nodes) {

    public ClusterIdentity {
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
    }

    public PveRelease release() {
        return PveRelease.ofVersion(version);
    }
}
