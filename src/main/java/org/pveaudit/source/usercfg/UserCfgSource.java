package org.pveaudit.source.usercfg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.failure.Cause;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Realm;
import org.pveaudit.source.ClusterSource;
import org.pveaudit.source.SourceException;

/**
 * A copy of {@code /etc/pve/user.cfg} and optionally {@code domains.cfg}. The files do not say
 * which release wrote them, so the PVE version comes from the configuration.
 */
public final class UserCfgSource implements ClusterSource {

    private final String cluster;
    private final Path userCfg;
    private final Path domainsCfg;
    private final String pveVersion;
    private final UserCfgParser.Mode mode;

    /**
     * @param domainsCfg may be null: realms are then a coverage gap
     * @param pveVersion may be null: 9.x is assumed, with a warning
     */
    public UserCfgSource(String cluster, Path userCfg, Path domainsCfg, String pveVersion, UserCfgParser.Mode mode) {
        this.cluster = cluster;
        this.userCfg = userCfg;
        this.domainsCfg = domainsCfg;
        this.pveVersion = pveVersion;
        this.mode = mode;
    }

    @Override
    public ClusterSnapshot collect() {
        List<String> notes = new ArrayList<>();
        String version = pveVersion;
        if (version == null) {
            version = "9";
            notes.add("pve-version not configured; assuming 9.x for the built-in roles");
        }
        PveRelease release;
        try {
            release = PveRelease.ofVersion(version);
        } catch (IllegalArgumentException e) {
            throw new SourceException(cluster + ": " + e.getMessage());
        }
        UserCfg cfg;
        try {
            cfg = new UserCfgParser(PrivilegeCatalog.of(release), mode).parse(userCfg.toString(),
                    InputFiles.read(userCfg, InputLimits.MAX_DOCUMENT_BYTES));
        } catch (InputFileException e) {
            throw new SourceException(e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SourceException(userCfg + ": no such file");
        } catch (IOException e) {
            throw new SourceException(userCfg + ": cannot read: " + Cause.of(e));
        } catch (UserCfgException e) {
            throw new SourceException(e.getMessage(), e);
        }
        List<Realm> realms = List.of();
        List<ParseWarning> realmWarnings = new ArrayList<>();
        boolean realmsRead = false;
        if (domainsCfg != null && Files.isReadable(domainsCfg)) {
            try {
                realms = new DomainsCfgParser().parse(domainsCfg.toString(), InputFiles.utf8(domainsCfg.toString(),
                        InputFiles.read(domainsCfg, InputLimits.MAX_DOCUMENT_BYTES)), realmWarnings);
                realmsRead = true;
            } catch (InputFileException e) {
                // realms are a coverage gap, as for a file that cannot be read; the rest is audited
                notes.add(e.getMessage());
            } catch (IOException e) {
                notes.add(domainsCfg + ": cannot read: " + Cause.of(e));
            }
        }
        ClusterSnapshot s = cfg.toSnapshot(new ClusterIdentity(cluster, version, List.of()), realms);
        List<CoverageGap> gaps = new ArrayList<>(s.gaps());
        if (domainsCfg != null && !realmsRead) {
            gaps.removeIf(g -> g.dataset() == Dataset.REALMS);
            gaps.add(new CoverageGap(Dataset.REALMS, domainsCfg.toString(), "file not found or not readable"));
        }
        notes.addAll(s.warnings());
        realmWarnings.forEach(w -> notes.add(w.toString()));
        return new ClusterSnapshot(s.identity(), s.collectedAt(), s.users(), s.tokens(), s.groups(), s.roles(),
                s.acl(), s.realms(), s.tfa(), s.pools(), gaps, notes);
    }
}
