package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link RunDiffSpecTest} on PostgreSQL: the diff of two runs (specification), with the same assertions. */
class RunDiffSpecOnPostgresTest extends RunDiffSpecTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
