package org.pveaudit.history;

/** {@link ClusterStoreTest} on PostgreSQL: the clusters of a run, with the same assertions. */
class ClusterStoreOnPostgresTest extends ClusterStoreTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
