package org.pveaudit.access;

import java.util.List;
import java.util.SortedMap;

/**
 * Why a principal holds what it holds at a path: the resolved roles and privileges (with propagate
 * flags), every ACL entry that took part, notes for rules that need no entry (root@pam, token
 * intersection), and for tokens the owner's explanation.
 */
public record Explanation(String principal, String path, SortedMap<String, Boolean> roles,
                          SortedMap<String, Boolean> privileges, List<ExplainedEntry> entries,
                          List<String> notes, Explanation owner) {

    public Explanation {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }
}
