package org.pveaudit.history;

/** {@link SnapshotStoreTest} on PostgreSQL: the snapshots and access facts, with the same assertions. */
class SnapshotStoreOnPostgresTest extends SnapshotStoreTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
