package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link ReviewStoreTest} on PostgreSQL: the review campaigns, with the same assertions. */
class ReviewStoreOnPostgresTest extends ReviewStoreTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
