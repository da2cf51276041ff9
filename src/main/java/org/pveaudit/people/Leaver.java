package org.pveaudit.people;

import org.pveaudit.rules.Severity;

/** One person whose access across clusters looks like a leaver's, or too broad: why, and how bad. */
public record Leaver(Person person, Kind kind, Severity severity, String message) {

    /** The three cases {@link Leavers} looks for. */
    public enum Kind {
        /** Disabled or expired on one cluster, still able to log in on another. */
        INACTIVE_HERE_ACTIVE_THERE,
        /** No account can log in, yet tokens remain that come back when one is re-enabled. */
        INACTIVE_WITH_TOKENS,
        /** Administrator-equivalent on more clusters than the limit. */
        ADMIN_ON_MANY_CLUSTERS
    }
}
