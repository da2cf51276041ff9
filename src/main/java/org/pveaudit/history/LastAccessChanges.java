package org.pveaudit.history;

import java.time.Instant;
import java.util.Map;

/**
 * For each principal of one cluster, the latest run whose stored access drift concerned it: a change of the user
 * or token itself, of an ACL entry for it, or of its group memberships. {@code recordedFrom} is null when the
 * history holds the cluster from its first run; otherwise earlier runs were pruned, and it is the oldest run kept,
 * so "no change" means only "none since then".
 */
public record LastAccessChanges(String cluster, Map<String, Seen> byPrincipal, Long recordedFrom) {

    /** A run that recorded a change, and when it started. */
    public record Seen(long runId, Instant startedAt) {
    }

    public LastAccessChanges {
        byPrincipal = Map.copyOf(byPrincipal);
    }

    /** The latest change recorded for the principal (user or token id), or null. */
    public Seen of(String principal) {
        return byPrincipal.get(principal);
    }
}
