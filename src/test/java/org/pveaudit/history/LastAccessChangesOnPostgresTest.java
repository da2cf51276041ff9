package org.pveaudit.history;

/** {@link LastAccessChangesTest} on PostgreSQL: the last access changes, with the same assertions. */
class LastAccessChangesOnPostgresTest extends LastAccessChangesTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
