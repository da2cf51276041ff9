package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link RunDiffTest} on PostgreSQL: the diff of two runs, with the same assertions. */
class RunDiffOnPostgresTest extends RunDiffTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
