package org.pveaudit.declared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;

/**
 * Where an exported declaration comes from, for the header of the file: the cluster, the audit run, when the
 * cluster was read, and which compared datasets that read could not see (exported as empty).
 */
public record ExportOrigin(String cluster, long run, Instant collectedAt, Set<Dataset> notRead) {

    public ExportOrigin {
        notRead = Set.copyOf(notRead);
    }

    /** The origin of an export of {@code snapshot} as run {@code run} stored it. */
    public static ExportOrigin of(long run, ClusterSnapshot snapshot) {
        return new ExportOrigin(snapshot.cluster(), run, snapshot.collectedAt(), AccessComparison.notCompared(snapshot));
    }

    /**
     * The header as lines of text without comment markers, each on one line (a cluster name is input too):
     * what was exported, and that it is what the cluster held, not what it should hold.
     */
    List<String> header() {
        List<String> lines = new ArrayList<>();
        lines.add("Declared access exported by pve-audit from cluster '" + Quoted.plain(cluster, Quoted.MAX_NAME)
                + "', audit run " + run + (collectedAt == null ? "" : " (read " + collectedAt.truncatedTo(ChronoUnit.SECONDS) + ")") + ".");
        lines.add("It is what the cluster held then, not what it should hold: review it before adopting it as the "
                + "baseline.");
        if (!notRead.isEmpty()) {
            lines.add("Not readable in that run, so exported empty: " + String.join(", ", notRead.stream()
                    .sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).toList()) + ".");
        }
        return lines;
    }
}
