package org.pveaudit.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The history database as its stores use it: JDBC, one short transaction per write, and the SQL dialect.
 * Transactions are set up on first write: the reading commands never write.
 */
final class HistorySql {

    /** How many ids go into one {@code IN (…)} list. */
    private static final int IDS_PER_QUERY = 500;

    final JdbcTemplate jdbc;
    final SqlDialect dialect;
    private final DataSource dataSource;
    private TransactionTemplate tx;

    HistorySql(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.dialect = dialect;
    }

    private synchronized TransactionTemplate tx() {
        if (tx == null) {
            tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        }
        return tx;
    }

    /** Runs {@code work} in one transaction (or in the caller's, when one is open). */
    void inTransaction(Runnable work) {
        tx().executeWithoutResult(status -> work.run());
    }

    <T> T inTransaction(Supplier<T> work) {
        return tx().execute(status -> work.get());
    }

    /** Rows of {@code select} whose {@code id} is one of {@code ids}, queried a few hundred ids at a time. */
    <T> List<T> byIds(String select, Collection<Long> ids, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
            out.addAll(jdbc.query(select + " WHERE id IN (" + idList(all.subList(i,
                    Math.min(all.size(), i + IDS_PER_QUERY))) + ")", mapper));
        }
        return out;
    }

    /** The ids as the text of an {@code IN (…)} list (numbers only, so no parameters needed). */
    static String idList(Collection<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
