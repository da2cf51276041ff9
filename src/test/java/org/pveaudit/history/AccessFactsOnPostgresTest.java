package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link AccessFactsTest} on PostgreSQL: the access facts, with the same assertions. */
class AccessFactsOnPostgresTest extends AccessFactsTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
