package org.pveaudit.history;

/** {@link MailStoreTest} on PostgreSQL: the e-mail record, with the same assertions. */
class MailStoreOnPostgresTest extends MailStoreTest {

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }
}
