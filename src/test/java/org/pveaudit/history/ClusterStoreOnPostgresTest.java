package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link ClusterStoreTest} on PostgreSQL: the clusters of a run, with the same assertions. */
class ClusterStoreOnPostgresTest extends ClusterStoreTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
