package org.pveaudit.people;

import java.util.List;

/**
 * What an operator says about who is who ({@code identities.yml}): accounts that are one person whatever
 * the match keys say, and accounts a key would join that are not. Accounts are spelled {@code cluster:user@realm}.
 */
public record Identities(List<Named> people, List<Apart> separate) {

    /** No identities file: only the match keys link accounts. */
    public static final Identities NONE = new Identities(List.of(), List.of());

    public Identities {
        people = List.copyOf(people);
        separate = List.copyOf(separate);
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
