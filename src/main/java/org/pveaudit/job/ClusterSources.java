package org.pveaudit.job;

import java.nio.file.Path;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.source.ClusterSource;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/** Builds the source a cluster's configuration names. */
public final class ClusterSources {

    private ClusterSources() {
    }

    public static ClusterSource of(ClusterConfig c) {
        if (c.source() == null) {
            throw new org.pveaudit.source.SourceUnavailableException("the source settings of this cluster are on the "
                    + "workers of site " + c.site() + ", not here");
        }
        return switch (c.source()) {
            case SNAPSHOT -> new SnapshotFolderSource(c.name(), Path.of(c.path()), c.pveVersion());
            case USERCFG -> new UserCfgSource(c.name(), Path.of(c.userCfg()),
                    c.domainsCfg() == null ? null : Path.of(c.domainsCfg()), c.pveVersion(), UserCfgParser.Mode.FAIL);
            case API -> ApiSources.source(c);
        };
    }
}
