package org.pveaudit.people;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an operator says about who is who ({@code identities.yml}): accounts that are one person whatever
 * the match keys say, and accounts a key would join that are not; and which match keys link accounts at all
 * (the configuration's {@code people.match-keys}, every key by default). Accounts are spelled
 * {@code cluster:user@realm}.
 */
public record Identities(List<Named> people, List<Apart> separate, Set<MatchKey> keys) {

    /** No identities file: only the match keys, all of them, link accounts. */
    public static final Identities NONE = new Identities(List.of(), List.of());

    public Identities {
        people = List.copyOf(people);
        separate = List.copyOf(separate);
        keys = keys.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keys));
    }

    /** An identities file, with every match key. */
    public Identities(List<Named> people, List<Apart> separate) {
        this(people, separate, EnumSet.allOf(MatchKey.class));
    }

    /** The same, with only {@code keys} linking accounts. */
    public Identities withKeys(Set<MatchKey> keys) {
        return new Identities(people, separate, keys);
    }

    /** One person by name and its accounts; {@code where} is {@code file:line:column} of the entry. */
    public record Named(String name, List<String> accounts, String where) {
        public Named {
            accounts = List.copyOf(accounts);
        }
    }

    /** Accounts that are different people, each from each; {@code where} as for {@link Named}. */
    public record Apart(List<String> accounts, String where) {
        public Apart {
            accounts = List.copyOf(accounts);
        }
    }

    /** Whether an entry of {@code separate} keeps these two accounts apart. */
    public boolean apart(String a, String b) {
        return separate.stream().anyMatch(s -> s.accounts().contains(a) && s.accounts().contains(b) && !a.equals(b));
    }
}
