package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link FindingStoreTest} on PostgreSQL: the findings, waivers and aliases, with the same assertions. */
class FindingStoreOnPostgresTest extends FindingStoreTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
