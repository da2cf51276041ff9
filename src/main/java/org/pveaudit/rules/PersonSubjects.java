package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pveaudit.model.ApiToken;
import org.pveaudit.people.Account;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.people.Person;

/**
 * The subjects of the PVE-PEOPLE rules: each user account of the cluster with the person it belongs to and that
 * person's accounts on the run's other clusters (where they are active, where not, where administrator-equivalent).
 */
final class PersonSubjects {

    private PersonSubjects() {
    }

    static List<Subject> of(ClusterView view) {
        PeopleIndex index = view.people();
        if (index == null) {
            return List.of();
        }
        String cluster = view.snapshot().cluster();
        List<Subject> out = new ArrayList<>();
        for (Person p : index.people()) {
            for (Account a : p.accounts()) {
                if (a.cluster().equals(cluster)) {
                    out.add(subject(p, a, index.now()));
                }
            }
        }
        return out;
    }

    private static Subject subject(Person p, Account here, long now) {
        Set<String> active = new TreeSet<>();
        Set<String> inactive = new TreeSet<>();
        Set<String> admin = new TreeSet<>();
        for (Account a : p.accounts()) {
            (a.active() ? active : inactive).add(a.cluster());
            if (a.adminEquivalent()) {
                admin.add(a.cluster());
            }
        }
        inactive.removeAll(active); // a cluster where one of the person's accounts is active is not left
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("principal", here.userId());
        f.put("person", p.name());
        f.put("email", here.email());
        f.put("clusters", List.copyOf(p.clusters()));
        f.put("activeHere", here.active());
        f.put("activeAnywhere", !active.isEmpty());
        f.put("activeOn", List.copyOf(active));
        f.put("inactiveOn", List.copyOf(inactive));
        f.put("liveTokens", here.liveTokens(now).stream().map(ApiToken::id).toList());
        f.put("adminEquivalent", here.adminEquivalent());
        f.put("adminOn", List.copyOf(admin));
        return new Subject(SubjectKind.PERSON, here.userId(), null, here.userId(), f);
    }
}
