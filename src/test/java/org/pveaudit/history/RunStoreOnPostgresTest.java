package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link RunStoreTest} on PostgreSQL: the runs, with the same assertions. */
class RunStoreOnPostgresTest extends RunStoreTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
