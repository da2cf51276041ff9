package org.pveaudit.history;

import javax.sql.DataSource;

/** {@link MailStoreTest} on PostgreSQL: the e-mail record, with the same assertions. */
class MailStoreOnPostgresTest extends MailStoreTest {

    @Override
    DataSource database() {
        return PostgresServer.emptiedDatabaseOf(getClass());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
