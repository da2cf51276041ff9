package org.pveaudit.access;

/** A principal of the full matrix and how its privileges are obtained. */
record MatrixPrincipal(String id, boolean token, Rule rule) {

    /** Which part of reference 2.4 decides the principal's privileges. */
    enum Rule {
        /** root@pam: everything everywhere. */
        ROOT,
        /** A user, or a privilege-separated token of root@pam: its own ACL entries. */
        OWN_ACL,
        /** A privilege-separated token: its own entries intersected with the owner's privileges. */
        INTERSECT,
        /** A token without privilege separation: exactly the owner's privileges. */
        OWNER,
        /** Not a known principal: nothing. */
        UNKNOWN
    }
}
