package org.pveaudit.access;

import org.pveaudit.model.AclEntry;

/** One ACL entry as it took part in a permission result: decisive or overridden, and why. */
public record ExplainedEntry(AclEntry entry, boolean decisive, Reason reason, String detail) {
}
