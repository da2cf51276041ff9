package org.pveaudit.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

    private AccessDigest() {
    }

    public static String of(ClusterSnapshot snapshot, String principal) {
        List<String> parts = new ArrayList<>();
        boolean token = principal.indexOf('!') > 0;
        if (token) {
            snapshot.tokens().stream().filter(t -> t.id().equals(principal)).findFirst()
                    .ifPresentOrElse(t -> parts.add(facts(t)), () -> parts.add("absent"));
        } else {
            snapshot.users().stream().filter(u -> u.id().equals(principal)).findFirst()
                    .ifPresentOrElse(u -> parts.add(facts(u)), () -> parts.add("absent"));
        }
        Principal self = token ? Principal.token(principal) : Principal.user(principal);
        snapshot.acl().stream().filter(a -> a.principal().equals(self)).map(a -> "acl " + a.path() + " " + a.role() + " " + a.propagate()).sorted()
                .forEach(parts::add);
        return sha256(String.join("\n", parts));
    }

    private static String facts(User u) {
        return "user " + u.enabled() + " " + u.expire() + " " + u.groups().stream().sorted().toList();
    }

    private static String facts(ApiToken t) {
        return "token " + t.expire() + " " + t.privsep();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
