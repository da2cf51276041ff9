package org.pveaudit.history;

/** {@link RunStoreTest} on PostgreSQL: the runs, with the same assertions. */
class RunStoreOnPostgresTest extends RunStoreTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
