package org.pveaudit.people;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One human (or one service) across clusters: the accounts linked by a match key. {@code key} is the
 * id of its first account ({@code cluster:user@realm}), unique in an index and stable while that account lives.
 */
public record Person(String key, String name, List<Account> accounts) {

    public Person {
        accounts = List.copyOf(accounts);
    }

    /** The clusters the person has an account on, by name. */
    public Set<String> clusters() {
        Set<String> clusters = new TreeSet<>();
        accounts.forEach(a -> clusters.add(a.cluster()));
        return clusters;
    }

    /** The e-mail addresses of the accounts, lower case, trimmed. */
    public Set<String> emails() {
        Set<String> emails = new TreeSet<>();
        accounts.stream().filter(a -> a.email() != null && !a.email().isBlank())
                .forEach(a -> emails.add(a.email().strip().toLowerCase(Locale.ROOT)));
        return emails;
    }

    /** Whether any account can log in now. */
    public boolean activeAnywhere() {
        return accounts.stream().anyMatch(Account::active);
    }

    /**
     * Whether NAME (case-insensitive) is this person's key, name, one of its e-mails, or one of its accounts,
     * with or without the cluster or realm ({@code prod:alice@pve}, {@code alice@pve} or {@code alice}).
     */
    public boolean answersTo(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return key.toLowerCase(Locale.ROOT).equals(t) || name.toLowerCase(Locale.ROOT).equals(t)
                || emails().contains(t) || accounts.stream().anyMatch(a -> a.id().toLowerCase(Locale.ROOT).equals(t)
                || a.userId().toLowerCase(Locale.ROOT).equals(t) || a.userName().toLowerCase(Locale.ROOT).equals(t));
    }
}
