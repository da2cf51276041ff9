package org.pveaudit.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.people.Account;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.people.Person;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.SubjectKind;

/**
 * One person of a run as the reports show it (the People sheet and section): the accounts linked across the
 * audited clusters, where the person is active and administrator-equivalent, its tokens, and the run's PVE-PEOPLE
 * findings about its accounts ({@code severity RULE: message}). {@code adminOn} is null when the report has not
 * worked out every cluster's access (a run writing only findings.json): unknown, not "nowhere".
 */
public record PersonRow(String name, String emails, List<String> clusters, List<String> accounts,
                        String activeOn, String adminOn, List<String> tokens, List<String> findings) {

    public PersonRow {
        clusters = List.copyOf(clusters);
        accounts = List.copyOf(accounts);
        tokens = List.copyOf(tokens);
        findings = List.copyOf(findings);
    }

    /** Every person of the run, in the index's order (by name). */
    static List<PersonRow> of(ReportData data) {
        Map<String, List<String>> about = new HashMap<>();
        for (StoredFinding f : data.findings()) {
            Finding x = f.finding();
            if (x.subject() == SubjectKind.PERSON) {
                about.computeIfAbsent(x.cluster() + ":" + x.principal(), k -> new ArrayList<>())
                        .add(x.severity().key() + " " + x.ruleId() + ": " + x.message());
            }
        }
        boolean accessKnown = data.snapshots().stream().allMatch(s -> data.access().containsKey(s.cluster()));
        List<PersonRow> rows = new ArrayList<>();
        for (Person p : index(data).people()) {
            rows.add(new PersonRow(p.name(), String.join(", ", p.emails()), List.copyOf(p.clusters()),
                    p.accounts().stream().map(Account::id).toList(), clusters(p, Account::active),
                    accessKnown ? clusters(p, Account::adminEquivalent) : null, p.accounts().stream()
                    .flatMap(a -> a.tokens().stream()
                    .map(t -> a.cluster() + ":" + t.id())).toList(), p.accounts().stream()
                    .flatMap(a -> about.getOrDefault(a.id(), List.of()).stream()).toList()));
        }
        return rows;
    }

    /**
     * The person as findings.json and the HTML template name its parts; {@code administratorEquivalentOn} null
     * when not worked out (the template says so).
     */
    Map<String, Object> fields() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("emails", emails);
        m.put("clusters", clusters);
        m.put("accounts", accounts);
        m.put("activeOn", activeOn);
        m.put("administratorEquivalentOn", adminOn);
        m.put("tokens", tokens);
        m.put("findings", findings);
        return m;
    }

    /** Whether a reviewer should see the person first: a finding, or accounts on more than one cluster. */
    boolean worthALook() {
        return !findings.isEmpty() || clusters.size() > 1;
    }

    /**
     * The people of the run's audited clusters, linked with the run's identities; administrator-equivalence taken
     * from the access the report worked out (the review facts), as of the run's start.
     */
    private static PeopleIndex index(ReportData data) {
        return PeopleIndex.of(data.snapshots(), data.identities(), data.run().startedAt().getEpochSecond(),
                (cluster, user) -> {
                    ClusterAccess access = data.access().get(cluster);
                    AccessReview.Held held = access == null ? null : access.held().get(user);
                    return held != null && !AccessReview.administratorOn(held).isEmpty();
                });
    }

    private static String clusters(Person p, Predicate<Account> which) {
        return p.accounts().stream().filter(which).map(Account::cluster).distinct().collect(Collectors.joining(", "));
    }
}
