package io.inetkit.internal;

import io.inetkit.ConnectRequest;
import io.inetkit.InternetStatus;
import io.inetkit.StatusEvent;
import io.inetkit.StatusListener;
import io.inetkit.spi.ConnectSpec;
import io.inetkit.spi.StatusPublisher;
import io.inetkit.toolbox.Logs;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/** Delivers one handle's events, with its context, to the listener, shielding the caller from it. */
public final class StatusDispatcher implements StatusPublisher {

    private static final Logger LOG = Logs.get(StatusDispatcher.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final StatusListener listener;
    private final ConnectSpec spec;
    private final Object context;

    /**
     * A publisher for a handle.
     *
     * @param listener the listener, or {@code null} for none
     * @param context the handle's context object, or {@code null}
     */
    public StatusDispatcher(StatusListener listener, ConnectSpec spec, Object context) {
        this.listener = listener;
        this.spec = spec;
        this.context = context;
    }

    /** The same listener and connection, with another handle's context. */
    public StatusDispatcher withContext(Object otherContext) {
        return new StatusDispatcher(listener, spec, otherContext);
    }

    @Override
    public void publish(InternetStatus status, Object info) {
        if (listener != null) {
            deliver(listener, new StatusEvent(status, spec.service(), spec.host(), spec.port(), context,
                    checked(status, info)));
        }
    }

    /**
     * The info if its status takes it; otherwise a provider's bug: logged, and the event goes without
     * it, since a listener relies on the declared type. With assertions on (tests) it fails there.
     */
    static Object checked(InternetStatus status, Object info) {
        if (status.accepts(info)) {
            return info;
        }
        String message = status + " carries a " + status.infoType().getSimpleName() + ", and a provider published a "
                + info.getClass().getName() + "; the event goes without it";
        LOG.warn(message);
        assert false : message;
        return null;
    }

    @Override
    public boolean isEnabled() {
        return listener != null;
    }

    /** Publishes one event for a request that may have no handle (a failed connect). */
    public static void publishOnce(StatusListener listener, InternetStatus status, ConnectRequest<?> request,
            Object info) {
        deliver(listener, new StatusEvent(status, request.service(), request.host(), request.port(),
                request.context().orElse(null), checked(status, info)));
    }

    private static void deliver(StatusListener listener, StatusEvent event) {
        try {
            listener.onStatus(event);
        } catch (RuntimeException e) {
            // The first failure is worth a warning; a listener failing on every byte count is not
            // worth a warning per byte.
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("status listener {} threw on {}; ignoring it (further failures at DEBUG)",
                        listener, event.status(), e);
            } else {
                LOG.debug("status listener {} threw on {}", listener, event.status(), e);
            }
        }
    }
}
