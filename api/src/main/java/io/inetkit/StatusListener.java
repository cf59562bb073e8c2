package io.inetkit;

/**
 * Receives the {@link StatusEvent}s of every handle of an {@link Internet}: WinINet's
 * {@code InternetSetStatusCallback}.
 *
 * <p>It is called on the thread doing the work, in the order the steps happen, so it must be quick
 * and must not block; hand slow work to another thread. An exception it throws is logged and does
 * not disturb the operation.
 *
 * <pre>{@code
 * StatusListener printer = event -> System.err.println(event);
 * Internet internet = Internet.newBuilder().statusListener(printer).build();
 * }</pre>
 */
@FunctionalInterface
public interface StatusListener {

    /** Called for each step of each handle. */
    void onStatus(StatusEvent event);
}
