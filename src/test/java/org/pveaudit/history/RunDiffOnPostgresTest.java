package org.pveaudit.history;

/** {@link RunDiffTest} on PostgreSQL: the diff of two runs, with the same assertions. */
class RunDiffOnPostgresTest extends RunDiffTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
