package org.pveaudit.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.people.Account;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.people.Person;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.SubjectKind;

/**
 * The "People" sheet: the audited clusters' user accounts linked into people (same e-mail, same directory user,
 * same user id; docs/people.md), one row per person with every cluster, account, token and where it is
 * administrator-equivalent, and the run's findings about it as a person (the PVE-PEOPLE rules: a leaver still active
 * elsewhere, tokens left, administrator on many clusters).
 */
final class PeopleSheet implements XlsxSheet {

    static final String NAME = "People";

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(NAME, "Person", "E-mail", "Clusters", "Accounts", "Active on",
                "Tokens", "Administrator-equivalent on", "Look at");
        PeopleIndex index = index(data);
        Map<String, List<String>> lookAt = new HashMap<>();
        for (StoredFinding f : data.findings()) {
            Finding x = f.finding();
            if (x.subject() == SubjectKind.PERSON) {
                lookAt.computeIfAbsent(x.cluster() + ":" + x.principal(), k -> new ArrayList<>())
                        .add(x.severity().key() + " " + x.ruleId() + ": " + x.message());
            }
        }
        int r = 1;
        for (Person p : index.people()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, p.name());
            cells.text(row, 1, String.join(", ", p.emails()));
            cells.number(row, 2, p.clusters().size());
            cells.text(row, 3, p.accounts().stream().map(Account::id).collect(Collectors.joining(", ")));
            cells.text(row, 4, clusters(p, Account::active));
            cells.text(row, 5, p.accounts().stream().flatMap(a -> a.tokens().stream().map(t -> a.cluster() + ":"
                    + t.id())).collect(Collectors.joining(", ")));
            cells.text(row, 6, clusters(p, Account::adminEquivalent));
            cells.text(row, 7, String.join("\n", p.accounts().stream()
                    .flatMap(a -> lookAt.getOrDefault(a.id(), List.of()).stream()).toList()));
        }
        cells.finish(sheet, r, 8, 28, 30, 9, 50, 20, 40, 24, 80);
    }

    /**
     * The people of the run's audited clusters, administrator-equivalence taken from the access the report worked
     * out (the review facts), as of the run's start.
     */
    static PeopleIndex index(ReportData data) {
        return PeopleIndex.of(data.snapshots(), data.identities(), data.run().startedAt().getEpochSecond(),
                (cluster, user) -> {
                    ClusterAccess access = data.access().get(cluster);
                    AccessReview.Held held = access == null ? null : access.held().get(user);
                    return held != null && !AccessReview.administratorOn(held).isEmpty();
                });
    }

    private static String clusters(Person p, java.util.function.Predicate<Account> which) {
        return p.accounts().stream().filter(which).map(Account::cluster).distinct().collect(Collectors.joining(", "));
    }
}
