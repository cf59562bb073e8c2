package io.inetkit.provider.gopher;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.gopher.GopherItem;
import io.inetkit.spi.SessionSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A menu read one item at a time, for {@link io.inetkit.gopher.GopherSession#menuStream}: its
 * exchange stays open until the menu ends, the stream closes or the session closes, and nothing but
 * the item being read is held. Gopher has one connection per request, so closing early costs nothing
 * but that connection.
 */
final class MenuStream implements AutoCloseable {

    private final Exchange exchange;
    private final MenuReader items;
    private final String what;
    private final SessionSupport support;
    private final Deque<GopherItem> ahead = new ArrayDeque<>(2); // read by open
    private boolean ended;
    private volatile boolean closed; // by close(): reading on must not look like the end

    private MenuStream(Exchange exchange, MenuReader items, String what, SessionSupport support) {
        this.exchange = exchange;
        this.items = items;
        this.what = what;
        this.support = support;
    }

    /**
     * Reads up to the first item, so that what fails before it fails here: a Gopher+ error, an empty
     * reply, and a menu whose only line is an error item ({@code 3}), the server's "not found". The
     * caller closes the exchange if this throws.
     *
     * @param what the menu and where it comes from, for messages
     */
    static MenuStream open(Exchange exchange, MenuReader items, String what, SessionSupport support)
            throws IOException {
        MenuStream menu = new MenuStream(exchange, items, what, support);
        GopherItem first = items.next();
        if (first != null) {
            menu.ahead.add(first);
            if (first.typeCode() == '3') {
                GopherItem second = items.next();
                if (second == null) {
                    throw Replies.errorItem(first, what);
                }
                menu.ahead.add(second);
            }
        } else {
            menu.end();
        }
        return menu;
    }

    /**
     * The items as a stream, one {@link #next()} per item taken, whose close is {@link #close()}. As in
     * {@link java.nio.file.Files#list}, a failure while the stream is read is an
     * {@link UncheckedIOException} around the {@link InternetException}.
     */
    Stream<GopherItem> stream() {
        Spliterator<GopherItem> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super GopherItem> action) {
                GopherItem item;
                try {
                    item = next();
                } catch (InternetException e) {
                    throw new UncheckedIOException(e);
                }
                if (item == null) {
                    return false;
                }
                action.accept(item);
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(this::close);
    }

    /** The next item, or {@code null} at the end of the menu. */
    GopherItem next() throws InternetException {
        if (closed) {
            throw closedError();
        }
        if (!ahead.isEmpty()) {
            return ahead.poll();
        }
        if (ended) {
            return null;
        }
        try {
            GopherItem item = items.next();
            if (item == null) {
                if (closed) {
                    // Closed from another thread while this one read: the menu is cut, not whole.
                    throw closedError();
                }
                end();
            }
            return item;
        } catch (IOException e) {
            ended = true;
            InternetException failure = exchange.failure(e, "reading the menu " + what);
            support.untrack(this);
            throw closed ? closedError() : failure;
        }
    }

    private InternetException closedError() {
        return support.isOpen() ? new InternetException(InternetError.INVALID_HANDLE, "the menu " + what
                + " was closed before its end") : new InternetException(InternetError.OPERATION_CANCELLED,
                "reading the menu " + what + " was cancelled: the session was closed");
    }

    private void end() {
        ended = true;
        exchange.replyReceived();
        exchange.close();
        support.untrack(this);
    }

    /** Ends the menu here: its connection is closed. Closing the session closes it too. */
    @Override
    public void close() {
        if (!ended) {
            closed = true;
            ended = true;
        }
        exchange.close();
        support.untrack(this);
    }
}
