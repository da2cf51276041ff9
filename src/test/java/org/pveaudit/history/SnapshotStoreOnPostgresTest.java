package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link SnapshotStoreTest} on PostgreSQL: the snapshots and access facts, with the same assertions. */
class SnapshotStoreOnPostgresTest extends SnapshotStoreTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
