package org.pveaudit.history;

/** {@link ReviewStoreTest} on PostgreSQL: the review campaigns, with the same assertions. */
class ReviewStoreOnPostgresTest extends ReviewStoreTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
