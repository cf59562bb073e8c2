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

    /**
     * Reports a step with what it carries ({@code null} for nothing), of the type the status declares
     * ({@link InternetStatus#infoType()}): a byte count as a {@link Long}, an FTP reply as an
     * {@link io.inetkit.ftp.FtpReply}. An info of another type is logged and left out of the event
     * (with assertions on, as in tests, this throws {@link AssertionError}).
     */
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
