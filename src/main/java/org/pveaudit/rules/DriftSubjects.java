package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pveaudit.declared.AccessComparison;
import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.declared.Drift;
import org.pveaudit.declared.EffectiveComparison;

/**
 * The subjects of the PVE-DECL rules: each difference between the access declared for the cluster and what it
 * holds, row by row ({@link AccessComparison}), then each declared user or token that can do more than declared
 * ({@link EffectiveComparison}, from the privileges the view has worked out).
 */
final class DriftSubjects {

    private DriftSubjects() {
    }

    static List<Subject> of(ClusterView view) {
        DeclaredAccess declared = view.declared();
        if (declared == null) {
            return List.of();
        }
        List<Drift> drift = new ArrayList<>(AccessComparison.of(declared, view.snapshot()));
        drift.addAll(EffectiveComparison.of(declared, view.snapshot(), view::privilegedPaths));
        return drift.stream().map(DriftSubjects::subject).toList();
    }

    private static Subject subject(Drift d) {
        String[] kindAndObject = parts(d.kind());
        String object = kindAndObject[1];
        // an ACL entry's subject is "path principal role"; every other subject is the object's own id
        String[] acl = object.equals("acl") ? d.subject().split(" ", 3) : null;
        String principal = acl != null ? acl[1] : object.equals("user") || object.equals("token")
                || object.equals("privileges") ? d.subject() : null;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", kindAndObject[0]);
        f.put("object", object);
        f.put("subject", d.subject());
        f.put("declared", d.declared());
        f.put("held", d.held());
        f.put("principal", principal);
        f.put("path", acl != null ? acl[0] : null);
        f.put("role", acl != null ? acl[2] : object.equals("role") ? d.subject() : null);
        return new Subject(SubjectKind.DRIFT, kindAndObject[0] + " " + object + " " + d.subject(),
                acl != null ? acl[0] : null, principal == null || principal.startsWith("@") ? null : principal, f);
    }

    /** {@code UNDECLARED_ACL} as {undeclared, acl}; {@code GROUP_MEMBERS_DIFFER} as {differs, group}. */
    private static String[] parts(Drift.Kind kind) {
        return switch (kind) {
            case GROUP_MEMBERS_DIFFER -> new String[] {"differs", "group"};
            case PRIVILEGES_BEYOND -> new String[] {"beyond", "privileges"};
            case ACL_DIFFERS, USER_DIFFERS, TOKEN_DIFFERS, ROLE_DIFFERS -> new String[] {"differs",
                    kind.name().substring(0, kind.name().indexOf('_')).toLowerCase(Locale.ROOT)};
            default -> kind.name().toLowerCase(Locale.ROOT).split("_", 2);
        };
    }
}
