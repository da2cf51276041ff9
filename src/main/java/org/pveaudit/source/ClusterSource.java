package org.pveaudit.source;

import org.pveaudit.model.ClusterSnapshot;

/** Where one cluster's access data comes from; reading it yields an immutable snapshot. */
public interface ClusterSource {

    /**
     * Reads the cluster. Data that cannot be read (a missing file, a 403) becomes a coverage gap in
     * the snapshot; input that is malformed raises {@link SourceException}.
     */
    ClusterSnapshot collect();
}
