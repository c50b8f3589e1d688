package de.rathaus.payments;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Walks a scheduled job's candidates page by page, by keyset: a candidate that a run cannot finish (the provider
 * unreachable for it, a checkout the provider does not know) stays where it is, and the next page starts after it.
 * Taking only the oldest page would let a page full of such candidates hold back every candidate behind it.
 */
public final class JobPages {

    private JobPages() {
    }

    /**
     * @param pageSize  how many candidates a page holds
     * @param pageAfter the next page of at most the given size after the given candidate ({@code null}: the first
     *                  page), in the order of the keyset
     * @param process   handles one candidate; true if it changed something
     * @return how many candidates changed
     */
    public static <T> int forEach(int pageSize, BiFunction<T, Integer, List<T>> pageAfter, Predicate<T> process) {
        int changed = 0;
        T last = null;
        while (true) {
            List<T> page = pageAfter.apply(last, pageSize);
            for (T candidate : page) {
                if (process.test(candidate)) {
                    changed++;
                }
            }
            if (page.size() < pageSize) {
                return changed;
            }
            last = page.get(page.size() - 1);
        }
    }

    /**
     * One page of a job's candidates: the rows of {@code select} (ending in a where condition) whose {@code atColumn}
     * is before {@code cutoff}, ordered by ({@code atColumn}, id), after the candidate {@code after} (null: the first
     * page), whose keyset is {@code at} and {@code id}.
     */
    public static <T> List<T> page(JdbcClient jdbc, String select, String atColumn, Instant cutoff, T after,
                                   Function<T, Instant> at, Function<T, UUID> id, int limit, Class<T> type) {
        return jdbc.sql(select + " and " + atColumn + " < :cutoff and (cast(:afterAt as timestamptz) is null or ("
                        + atColumn + ", id) > (cast(:afterAt as timestamptz), cast(:afterId as uuid)))"
                        + " order by " + atColumn + ", id limit :limit")
                .param("cutoff", Timestamp.from(cutoff))
                .param("afterAt", after == null ? null : Timestamp.from(at.apply(after)))
                .param("afterId", after == null ? null : id.apply(after))
                .param("limit", limit)
                .query(type).list();
    }
}
