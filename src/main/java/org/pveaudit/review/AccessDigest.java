package org.pveaudit.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Principal;
import org.pveaudit.model.User;

/**
 * The SHA-256 of what a cluster grants one user or token directly: whether it exists, is enabled and until when,
 * its groups, its own ACL entries and, for a token, its privilege separation. Equal digests at two runs mean the
 * principal's own grants did not change between them (a role's privileges or a group's entries may have).
 */
public final class AccessDigest {

    private static final String ABSENT_PART = "absent";

    /** The digest of a principal the cluster does not have (and no ACL entry names). */
    public static final String ABSENT = digest(List.of(ABSENT_PART));

    private AccessDigest() {
    }

    /** The digests of every user and token of the snapshot, in one pass over its ACL. */
    public static Map<String, String> byPrincipal(ClusterSnapshot snapshot) {
        Map<String, List<String>> parts = new HashMap<>();
        for (User u : snapshot.users()) {
            parts.put(u.id(), new ArrayList<>(List.of("user " + u.enabled() + " " + u.expire() + " "
                    + u.groups().stream().sorted().toList())));
        }
        for (ApiToken t : snapshot.tokens()) {
            parts.put(t.id(), new ArrayList<>(List.of("token " + t.expire() + " " + t.privsep())));
        }
        for (AclEntry a : snapshot.acl()) {
            if (a.principal().kind() != Principal.Kind.GROUP) {
                parts.computeIfAbsent(a.principal().id(), k -> new ArrayList<>(List.of(ABSENT_PART)))
                        .add("acl " + a.path() + " " + a.role() + " " + a.propagate());
            }
        }
        Map<String, String> out = new HashMap<>();
        parts.forEach((principal, p) -> {
            List<String> sorted = new ArrayList<>(p.subList(0, 1));
            p.subList(1, p.size()).stream().sorted().forEach(sorted::add);
            out.put(principal, digest(sorted));
        });
        return out;
    }

    private static String digest(List<String> parts) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
