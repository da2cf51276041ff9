package org.pveaudit.rules;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.User;
import org.pveaudit.review.AccessDigest;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import org.pveaudit.review.ReviewState;

/**
 * The subjects of the PVE-REVIEW rules: each row of the latest campaign covering the cluster with the decision in
 * force, then each user and token the campaign did not have (created since), with what the cluster grants it now.
 */
final class ReviewSubjects {

    private static final long DAY = 86_400;

    private ReviewSubjects() {
    }

    static List<Subject> of(ClusterView view) {
        ReviewState state = view.reviews();
        if (state == null) {
            return List.of();
        }
        Map<String, Decision> decisions = new HashMap<>();
        state.decisions().forEach(d -> decisions.put(d.principal(), d));
        Map<String, ReviewRow> rows = new LinkedHashMap<>();
        state.rows().forEach(r -> rows.put(r.principal(), r));
        Map<String, String> digests = AccessDigest.byPrincipal(view.snapshot());
        List<Subject> out = new ArrayList<>();
        rows.values().forEach(r -> out.add(subject(view, state, r.principal(), r.kind(), r, decisions.get(
                r.principal()), digests)));
        for (User u : view.snapshot().users()) {
            if (!rows.containsKey(u.id())) {
                out.add(subject(view, state, u.id(), "user", null, null, digests));
            }
        }
        for (ApiToken t : view.snapshot().tokens()) {
            if (!rows.containsKey(t.id())) {
                out.add(subject(view, state, t.id(), "token", null, null, digests));
            }
        }
        return out;
    }

    private static Subject subject(ClusterView view, ReviewState state, String principal, String kind, ReviewRow row,
                                   Decision decision, Map<String, String> digests) {
        boolean exists = kind.equals("token") ? view.token(principal) != null : view.user(principal) != null;
        boolean anyPrivilege = exists && view.row(principal).nonEmptyPaths() > 0;
        boolean adminEquivalent = exists && view.adminEquivalent(principal);
        long decidedOn = decision == null ? 0 : epoch(decision.decidedOn());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("principal", principal);
        f.put("kind", kind);
        f.put("campaign", state.campaign().name());
        f.put("due", epoch(state.campaign().due()));
        f.put("inCampaign", row != null);
        f.put("reviewed", decision != null);
        f.put("decision", decision == null ? "" : decision.verdict().key());
        f.put("reviewer", decision == null ? "" : decision.reviewer());
        f.put("justification", decision == null || decision.justification() == null ? "" : decision.justification());
        f.put("decidedOn", decidedOn);
        f.put("decidedDaysAgo", decision == null ? 0 : Math.max(0, (view.now() - decidedOn) / DAY));
        f.put("exists", exists);
        // present: it can still use what it holds (not disabled or expired, and holding something)
        f.put("present", anyPrivilege && !view.latent(principal));
        f.put("adminEquivalent", adminEquivalent);
        f.put("adminEquivalentAtReview", row != null && row.adminEquivalent());
        // what it was granted directly then and now; a principal outside the campaign has nothing to compare with
        f.put("accessChanged", row != null
                && !row.accessDigest().equals(digests.getOrDefault(principal, AccessDigest.ABSENT)));
        return new Subject(SubjectKind.REVIEW, principal, null, exists ? principal : null, f);
    }

    private static long epoch(LocalDate date) {
        return date.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }
}
