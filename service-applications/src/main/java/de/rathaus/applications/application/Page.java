package de.rathaus.applications.application;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paged list and the cursor of the next one (null on the last page). */
record Page(List<Application> items, String nextCursor) {

    /**
     * The page from {@code rows} read with {@code limit + 1}: the extra row only tells that there is a next page,
     * whose cursor is the position of the page's last row.
     */
    static Page of(List<Application> rows, int limit, Function<Application, Cursor> position) {
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<Application> items = rows.subList(0, limit);
        return new Page(items, position.apply(items.get(limit - 1)).encode());
    }
}
