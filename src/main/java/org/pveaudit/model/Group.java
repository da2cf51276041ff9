package org.pveaudit.model;

import java.util.List;

/** A group and its member user ids (members may name users that do not exist). */
public record Group(String id, List<String> members, String comment) {

    public Group {
        members = List.copyOf(members == null ? List.of() : members);
    }
}
