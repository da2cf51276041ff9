package org.pveaudit.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputJson;
import org.pveaudit.input.InputLimits;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.Pool;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A folder of Proxmox API JSON bodies laid out like the API ({@code access/users.json}, …), each
 * file either the API envelope {@code {"data": …}} or bare {@code pvesh} output.
 */
public final class SnapshotFolderSource implements ClusterSource {

    private final String cluster;
    private final Path dir;
    private final String fallbackVersion;
    private final JsonMapper json = InputJson.mapper();

    /**
     * @param fallbackVersion the PVE version to assume when {@code version.json} is missing (may be null)
     */
    public SnapshotFolderSource(String cluster, Path dir, String fallbackVersion) {
        this.cluster = cluster;
        this.dir = dir;
        this.fallbackVersion = fallbackVersion;
    }

    @Override
    public ClusterSnapshot collect() {
        if (!Files.isDirectory(dir)) {
            throw new SourceException(dir + ": snapshot folder not found");
        }
        List<CoverageGap> gaps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        JsonNode version = read("version.json", Dataset.VERSION, gaps).orElse(null);
        String pveVersion = version == null ? null
                : parse("version.json", (JsonNode v) -> ApiMapping.text(v, "version"), version);
        if (pveVersion == null) {
            pveVersion = fallbackVersion != null ? fallbackVersion : "9";
            warnings.add("version.json: PVE version unknown; assuming " + pveVersion
                    + " for the built-in roles");
        }
        PveRelease release = parse("version.json", v -> PveRelease.ofVersion(v), pveVersion);
        List<String> nodes = new ArrayList<>();
        read("cluster/status.json", Dataset.CLUSTER, gaps).ifPresent(status -> nodes.addAll(
                parse("cluster/status.json", ApiMapping::nodes, status)));

        List<ApiToken> tokens = new ArrayList<>();
        List<User> users = read("access/users.json", Dataset.USERS, gaps)
                .map(n -> parse("access/users.json", x -> ApiMapping.users(x, tokens), n)).orElse(List.of());
        if (gaps.stream().anyMatch(g -> g.dataset() == Dataset.USERS)) {
            gaps.add(new CoverageGap(Dataset.TOKENS, "access/users.json", "tokens come with the user list"));
        }
        List<AclEntry> acl = read("access/acl.json", Dataset.ACL, gaps)
                .map(n -> parse("access/acl.json", ApiMapping::acl, n)).orElse(List.of());
        List<Role> roles = read("access/roles.json", Dataset.ROLES, gaps)
                .map(n -> parse("access/roles.json", ApiMapping::roles, n))
                .orElseGet(() -> PrivilegeCatalog.of(release).builtInRoleList());
        List<Group> groups = read("access/groups.json", Dataset.GROUPS, gaps)
                .map(n -> parse("access/groups.json", ApiMapping::groups, n)).orElse(List.of());
        List<Realm> realms = read("access/domains.json", Dataset.REALMS, gaps)
                .map(n -> parse("access/domains.json", x -> ApiMapping.realms(x, realmDetails(x, warnings)), n))
                .orElse(List.of());
        List<UserTfa> tfa = read("access/tfa.json", Dataset.TFA, gaps)
                .map(n -> parse("access/tfa.json", ApiMapping::tfa, n)).orElse(List.of());
        List<Pool> pools = read("pools.json", Dataset.POOLS, gaps).map(n -> parse("pools.json", x -> pools(x, gaps), n)).orElse(List.of());

        ClusterIdentity identity = new ClusterIdentity(cluster, pveVersion, nodes);
        return new ClusterSnapshot(identity, collectedAt(), users, tokens, groups, roles, acl, realms, tfa, pools,
                gaps, warnings, source());
    }

    /** How a folder written by {@code pve-audit collect} was collected ({@code source.json}), or null. */
    private SourceInfo source() {
        Path file = dir.resolve("source.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return InputJson.readValue(json, file.toString(), InputFiles.read(file, InputLimits.MAX_DOCUMENT_BYTES),
                    SourceInfo.class);
        } catch (InputFileException e) {
            throw new SourceException(e.getMessage());
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read file");
        }
    }

    private Map<String, JsonNode> realmDetails(JsonNode list, List<String> warnings) {
        Map<String, JsonNode> details = new HashMap<>();
        for (JsonNode r : ApiMapping.items(list)) {
            String realm = ApiMapping.text(r, "realm");
            String file = SnapshotFiles.realm(realm);
            if (realm != null && Files.isRegularFile(dir.resolve(file))) {
                details.put(realm, readJson(file));
            } else if (realm != null) {
                warnings.add(file + ": no realm details; realm settings not audited");
            }
        }
        return details;
    }

    private List<Pool> pools(JsonNode list, List<CoverageGap> gaps) {
        List<Pool> pools = new ArrayList<>();
        List<JsonNode> items = ApiMapping.items(list);
        for (int i = 0; i < items.size(); i++) {
            JsonNode p = items.get(i);
            String id;
            String comment;
            try {
                id = ApiMapping.text(p, "poolid");
                comment = ApiMapping.text(p, "comment"); // of pools.json, not of the pool's own file
            } catch (MappingException e) {
                throw e.within(String.valueOf(i));
            }
            String file = SnapshotFiles.pool(id);
            JsonNode detail = null;
            if (Files.isRegularFile(dir.resolve(file))) {
                detail = readJson(file);
            } else {
                gaps.add(new CoverageGap(Dataset.POOLS, file, "pool members not in the snapshot"));
            }
            JsonNode d = detail;
            pools.add(parse(file, x -> ApiMapping.pool(id, comment, d), p));
        }
        return pools;
    }

    private Instant collectedAt() {
        try {
            return Files.getLastModifiedTime(dir.resolve("access/acl.json")).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    private Optional<JsonNode> read(String file, Dataset dataset, List<CoverageGap> gaps) {
        Path path = dir.resolve(file);
        if (!Files.exists(path)) {
            gaps.add(new CoverageGap(dataset, file, "file not found in snapshot"));
            return Optional.empty();
        }
        if (!Files.isReadable(path)) {
            gaps.add(new CoverageGap(dataset, file, "file not readable"));
            return Optional.empty();
        }
        return Optional.of(readJson(file));
    }

    private JsonNode readJson(String file) {
        Path path = dir.resolve(file);
        try {
            return ApiMapping.unwrap(InputJson.readTree(json, path.toString(),
                    InputFiles.read(path, InputLimits.MAX_DOCUMENT_BYTES)));
        } catch (InputFileException e) {
            throw new SourceException(e.getMessage());
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new SourceException(path + ": cannot read file");
        } catch (IOException e) {
            throw new SourceException(path + ": cannot read file: " + e.getMessage());
        }
    }

    private <T> T parse(String file, Function<JsonNode, T> mapping, JsonNode node) {
        try {
            return mapping.apply(node);
        } catch (MappingException e) {
            throw new SourceException(dir.resolve(file) + position(file, e.pointer()) + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SourceException(dir.resolve(file) + ": " + e.getMessage());
        } catch (tools.jackson.core.JacksonException e) {
            // a value the mapping did not expect in this form; Jackson's message names its own classes
            throw new SourceException(dir.resolve(file) + ": a value has a type or size pve-audit cannot read");
        }
    }

    /** {@code :line:column} of a value in a file (inside the API envelope or bare), or empty. */
    private String position(String file, String pointer) {
        try {
            byte[] text = InputFiles.read(dir.resolve(file), InputLimits.MAX_DOCUMENT_BYTES);
            String at = JsonPosition.of(json, text, "/data" + pointer);
            if (at == null) {
                at = JsonPosition.of(json, text, pointer);
            }
            return at == null ? "" : ":" + at;
        } catch (IOException | InputFileException e) {
            return "";
        }
    }

    private <T> T parse(String file, Function<String, T> mapping, String value) {
        try {
            return mapping.apply(value);
        } catch (IllegalArgumentException e) {
            throw new SourceException(dir.resolve(file) + ": " + e.getMessage());
        }
    }
}
