package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link LastAccessChangesTest} on PostgreSQL: the last access changes, with the same assertions. */
class LastAccessChangesOnPostgresTest extends LastAccessChangesTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
