package org.pveaudit.history;

/** {@link AccessFactsTest} on PostgreSQL: the access facts, with the same assertions. */
class AccessFactsOnPostgresTest extends AccessFactsTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
