package org.pveaudit.history;

/** {@link RunDiffSpecTest} on PostgreSQL: the diff of two runs (specification), with the same assertions. */
class RunDiffSpecOnPostgresTest extends RunDiffSpecTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
