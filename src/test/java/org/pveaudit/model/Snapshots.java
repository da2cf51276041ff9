package org.pveaudit.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link ClusterSnapshot}s for tests by name instead of thirteen positional arguments:
 * {@code Snapshots.builder().user(alice).acl(entry).build()}. Unset parts are empty; the cluster is
 * {@code c1} on PVE 9.1.4 with node {@code pve1}, collected at the epoch, from an offline source.
 */
public final class Snapshots {

    private Snapshots() {
    }

    /** A builder with the defaults above. */
    /** The realms of the benchmarks' generated clusters: pam, pve with TOTP, an LDAP directory, OpenID. */
    public static List<Realm> benchRealms() {
        return List.of(new Realm("pam", "pam", false, null, null, java.util.Map.of()),
                new Realm("pve", "pve", true, null, "oath", java.util.Map.of()),
                new Realm("corp-ldap", "ldap", false, "Corp", null, java.util.Map.of("server1", "ldap1.example.com",
                        "base_dn", "dc=example,dc=com", "user_attr", "uid", "bind_dn", "cn=pve,dc=example,dc=com")),
                new Realm("sso", "openid", false, null, null, java.util.Map.of("issuer-url", "https://sso.example.com",
                        "client-id", "pve", "client-key", Realm.REDACTED)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every part of {@code snapshot}, to change some of them. */
    public static Builder from(ClusterSnapshot snapshot) {
        Builder b = new Builder().identity(snapshot.identity()).collectedAt(snapshot.collectedAt())
                .source(snapshot.source());
        b.users.addAll(snapshot.users());
        b.tokens.addAll(snapshot.tokens());
        b.groups.addAll(snapshot.groups());
        b.roles.addAll(snapshot.roles());
        b.acl.addAll(snapshot.acl());
        b.realms.addAll(snapshot.realms());
        b.tfa.addAll(snapshot.tfa());
        b.pools.addAll(snapshot.pools());
        b.gaps.addAll(snapshot.gaps());
        b.warnings.addAll(snapshot.warnings());
        return b;
    }

    /** Collects the parts of one snapshot; list setters replace, singular ones append. */
    public static final class Builder {
        private ClusterIdentity identity = new ClusterIdentity("c1", "9.1.4", List.of("pve1"));
        private Instant collectedAt = Instant.EPOCH;
        private final List<User> users = new ArrayList<>();
        private final List<ApiToken> tokens = new ArrayList<>();
        private final List<Group> groups = new ArrayList<>();
        private final List<Role> roles = new ArrayList<>();
        private final List<AclEntry> acl = new ArrayList<>();
        private final List<Realm> realms = new ArrayList<>();
        private final List<UserTfa> tfa = new ArrayList<>();
        private final List<Pool> pools = new ArrayList<>();
        private final List<CoverageGap> gaps = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private SourceInfo source;

        private Builder() {
        }

        public Builder identity(ClusterIdentity identity) {
            this.identity = identity;
            return this;
        }

        /** The cluster's name, version and nodes. */
        public Builder identity(String name, String version, String... nodes) {
            return identity(new ClusterIdentity(name, version, List.of(nodes)));
        }

        /** The cluster's name; version and nodes stay as they are. */
        public Builder cluster(String name) {
            return identity(new ClusterIdentity(name, identity.version(), identity.nodes()));
        }

        public Builder collectedAt(Instant at) {
            this.collectedAt = at;
            return this;
        }

        public Builder users(List<User> users) {
            return replace(this.users, users);
        }

        public Builder user(User... users) {
            return append(this.users, users);
        }

        public Builder tokens(List<ApiToken> tokens) {
            return replace(this.tokens, tokens);
        }

        public Builder token(ApiToken... tokens) {
            return append(this.tokens, tokens);
        }

        public Builder groups(List<Group> groups) {
            return replace(this.groups, groups);
        }

        public Builder group(Group... groups) {
            return append(this.groups, groups);
        }

        public Builder roles(List<Role> roles) {
            return replace(this.roles, roles);
        }

        public Builder role(Role... roles) {
            return append(this.roles, roles);
        }

        public Builder acl(List<AclEntry> acl) {
            return replace(this.acl, acl);
        }

        public Builder acl(AclEntry... entries) {
            return append(this.acl, entries);
        }

        public Builder realms(List<Realm> realms) {
            return replace(this.realms, realms);
        }

        public Builder realm(Realm... realms) {
            return append(this.realms, realms);
        }

        public Builder tfa(List<UserTfa> tfa) {
            return replace(this.tfa, tfa);
        }

        public Builder pools(List<Pool> pools) {
            return replace(this.pools, pools);
        }

        public Builder pool(Pool... pools) {
            return append(this.pools, pools);
        }

        public Builder gaps(List<CoverageGap> gaps) {
            return replace(this.gaps, gaps);
        }

        public Builder gap(CoverageGap... gaps) {
            return append(this.gaps, gaps);
        }

        public Builder warnings(List<String> warnings) {
            return replace(this.warnings, warnings);
        }

        public Builder warning(String... warnings) {
            return append(this.warnings, warnings);
        }

        /** How a live collection was made; null (the default) for an offline source. */
        public Builder source(SourceInfo source) {
            this.source = source;
            return this;
        }

        public ClusterSnapshot build() {
            return new ClusterSnapshot(identity, collectedAt, users, tokens, groups, roles, acl, realms, tfa, pools,
                    gaps, warnings, source);
        }

        private <T> Builder replace(List<T> parts, List<T> with) {
            parts.clear();
            parts.addAll(with);
            return this;
        }

        @SafeVarargs
        private <T> Builder append(List<T> parts, T... more) {
            parts.addAll(Arrays.asList(more));
            return this;
        }
    }
}
