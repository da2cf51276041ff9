package org.pveaudit.history;

/** {@link FindingStoreTest} on PostgreSQL: the findings, waivers and aliases, with the same assertions. */
class FindingStoreOnPostgresTest extends FindingStoreTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
