package io.inetkit.spi;

import io.inetkit.InternetStatus;

/**
 * Where a provider reports the steps of its work; the API turns them into
 * {@link io.inetkit.StatusEvent}s with the session's context and hands them to the
 * {@link io.inetkit.StatusListener}, if there is one.
 *
 * <pre>{@code
 * status.publish(InternetStatus.RESOLVING_NAME, spec.host());
 * InetAddress address = InetAddress.getByName(spec.host());
 * status.publish(InternetStatus.NAME_RESOLVED, address);
 * }</pre>
 *
 * <p>A listener's exception never reaches the caller of {@code publish}.
 */
public interface StatusPublisher {

    /** Reports a step with what it carries ({@code null} for nothing). */
    void publish(InternetStatus status, Object info);

    /** Reports a step that carries nothing. */
    default void publish(InternetStatus status) {
        publish(status, null);
    }

    /**
     * Whether anyone listens. Check it before computing costly info on a hot path, such as a byte
     * count on every read.
     */
    boolean isEnabled();
}
