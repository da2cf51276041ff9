package org.pveaudit.source.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.pveaudit.model.ClusterSnapshot;
import tools.jackson.databind.JsonNode;

/**
 * The result of reading one cluster over the API: the snapshot, the raw {@code data} of every
 * answer keyed by its snapshot-folder file name (secrets still in it: only {@link SnapshotWriter}
 * writes it, redacted), and how each read went.
 *
 * @param clusterName the cluster name from {@code /cluster/status} (null for a stand-alone node)
 * @param requests    HTTP requests sent, including logins and retries
 */
public record ApiCollection(ClusterSnapshot snapshot, Map<String, JsonNode> bodies, List<ReadResult> reads,
                            String identity, String clusterName, String endpoint, int requests,
                            Duration elapsed) {

    public boolean allReadsAllowed() {
        return reads.stream().allMatch(ReadResult::allowed);
    }
}
