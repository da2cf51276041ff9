package org.pveaudit.history;

/** {@link RunComparisonTest} on PostgreSQL: the comparison with the previous run, with the same assertions. */
class RunComparisonOnPostgresTest extends RunComparisonTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
