package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link RunComparisonTest} on PostgreSQL: the comparison with the previous run, with the same assertions. */
class RunComparisonOnPostgresTest extends RunComparisonTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
