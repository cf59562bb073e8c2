package io.inetkit.testkit.gopher;

import java.util.List;

/**
 * Answers a Gopher search (item type 7): the query a client typed becomes a menu.
 *
 * <pre>{@code
 * server.search("/find", query -> query.isBlank()
 *         ? List.of()
 *         : List.of(GopherItem.of('0', "About " + query, "/about.txt")));
 * }</pre>
 *
 * <p>A handler that throws makes the server answer with an error line and log the exception.
 */
@FunctionalInterface
public interface SearchHandler {

    /**
     * The menu for one query.
     *
     * @param query what followed the TAB in the request, never {@code null}, possibly empty
     * @return the items to send, in order; empty for no matches
     */
    List<GopherItem> search(String query);
}
