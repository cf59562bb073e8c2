package io.inetkit.spi;

import io.inetkit.EventListener;
import io.inetkit.InternetException;
import io.inetkit.TlsInfo;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The {@link EventListener} steps of one call, as a provider reports them: it keeps the call and
 * its start, works out each step's elapsed time, ends the call once, and keeps a listener's
 * exception from the caller. Without a listener {@link #start} returns {@link #none()}, whose
 * methods return at once, so a call without a listener costs nothing.
 *
 * <pre>{@code
 * CallEvents events = CallEvents.start(listener, session, "RETR readme.txt");
 * events.nameResolutionStart(host);
 * InetAddress[] addresses = InetAddress.getAllByName(host);
 * events.nameResolutionEnd(host, List.of(addresses));
 * ...
 * events.callEnd();   // or events.callFailed(e)
 * }</pre>
 */
public final class CallEvents {

    private static final Logger LOG = Logs.get(CallEvents.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final CallEvents NONE = new CallEvents(null, null, 0);

    private final EventListener listener;
    private final EventListener.Call call;
    private final long startNanos;
    private final AtomicBoolean finished;

    private CallEvents(EventListener listener, EventListener.Call call, long startNanos) {
        this.listener = listener;
        this.call = call;
        this.startNanos = startNanos;
        this.finished = listener == null ? null : new AtomicBoolean();
    }

    /** The steps of no call: every method returns at once. */
    public static CallEvents none() {
        return NONE;
    }

    /**
     * Starts a call of a session and reports {@link EventListener#callStart}.
     *
     * @param listener the {@code Internet}'s listener ({@link ProviderContext#eventListener()})
     * @param operation what the call does, for people: {@code GET /index.html}
     */
    public static CallEvents start(Optional<EventListener> listener, SessionSupport session, String operation) {
        if (listener.isEmpty()) {
            return NONE;
        }
        ConnectSpec spec = session.spec();
        EventListener.Call call = new EventListener.Call(IDS.incrementAndGet(), spec.service(), spec.host(),
                spec.port(), session.context().orElse(null), operation);
        CallEvents events = new CallEvents(listener.get(), call, System.nanoTime());
        try {
            events.listener.callStart(call);
        } catch (RuntimeException e) {
            events.ignored(e, "callStart");
        }
        return events;
    }

    /** Whether anyone listens: compute costly arguments (a {@link TlsInfo}) only then. */
    public boolean isEnabled() {
        return listener != null;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Reports {@link EventListener#nameResolutionStart}. */
    public void nameResolutionStart(String host) {
        if (listener != null) {
            try {
                listener.nameResolutionStart(call, elapsed(), host);
            } catch (RuntimeException e) {
                ignored(e, "nameResolutionStart");
            }
        }
    }

    /** Reports {@link EventListener#nameResolutionEnd}. */
    public void nameResolutionEnd(String host, List<InetAddress> addresses) {
        if (listener != null) {
            try {
                listener.nameResolutionEnd(call, elapsed(), host, addresses);
            } catch (RuntimeException e) {
                ignored(e, "nameResolutionEnd");
            }
        }
    }

    /** Reports {@link EventListener#connectStart}. */
    public void connectStart(InetSocketAddress address) {
        if (listener != null) {
            try {
                listener.connectStart(call, elapsed(), address);
            } catch (RuntimeException e) {
                ignored(e, "connectStart");
            }
        }
    }

    /** Reports {@link EventListener#connectEnd}. */
    public void connectEnd(InetSocketAddress address) {
        if (listener != null) {
            try {
                listener.connectEnd(call, elapsed(), address);
            } catch (RuntimeException e) {
                ignored(e, "connectEnd");
            }
        }
    }

    /** Reports {@link EventListener#connectFailed}. */
    public void connectFailed(InetSocketAddress address, IOException failure) {
        if (listener != null) {
            try {
                listener.connectFailed(call, elapsed(), address, failure);
            } catch (RuntimeException e) {
                ignored(e, "connectFailed");
            }
        }
    }

    /** Reports {@link EventListener#tlsHandshakeStart}. */
    public void tlsHandshakeStart() {
        if (listener != null) {
            try {
                listener.tlsHandshakeStart(call, elapsed());
            } catch (RuntimeException e) {
                ignored(e, "tlsHandshakeStart");
            }
        }
    }

    /** Reports {@link EventListener#tlsHandshakeEnd}. */
    public void tlsHandshakeEnd(TlsInfo info) {
        if (listener != null) {
            try {
                listener.tlsHandshakeEnd(call, elapsed(), info);
            } catch (RuntimeException e) {
                ignored(e, "tlsHandshakeEnd");
            }
        }
    }

    /** Reports {@link EventListener#requestHeadSent}. */
    public void requestHeadSent() {
        if (listener != null) {
            try {
                listener.requestHeadSent(call, elapsed());
            } catch (RuntimeException e) {
                ignored(e, "requestHeadSent");
            }
        }
    }

    /** Reports {@link EventListener#requestBodySent}. */
    public void requestBodySent(long bytes) {
        if (listener != null) {
            try {
                listener.requestBodySent(call, elapsed(), bytes);
            } catch (RuntimeException e) {
                ignored(e, "requestBodySent");
            }
        }
    }

    /** Reports {@link EventListener#responseHeadReceived}. */
    public void responseHeadReceived() {
        if (listener != null) {
            try {
                listener.responseHeadReceived(call, elapsed());
            } catch (RuntimeException e) {
                ignored(e, "responseHeadReceived");
            }
        }
    }

    /** Reports {@link EventListener#responseBodyEnd}. */
    public void responseBodyEnd(long bytes) {
        if (listener != null) {
            try {
                listener.responseBodyEnd(call, elapsed(), bytes);
            } catch (RuntimeException e) {
                ignored(e, "responseBodyEnd");
            }
        }
    }

    /** Reports {@link EventListener#callEnd}, unless the call has ended or failed already. */
    public void callEnd() {
        if (listener != null && finished.compareAndSet(false, true)) {
            try {
                listener.callEnd(call, elapsed());
            } catch (RuntimeException e) {
                ignored(e, "callEnd");
            }
        }
    }

    /** Reports {@link EventListener#callFailed}, unless the call has ended or failed already. */
    public void callFailed(InternetException failure) {
        if (listener != null && finished.compareAndSet(false, true)) {
            try {
                listener.callFailed(call, elapsed(), failure);
            } catch (RuntimeException e) {
                ignored(e, "callFailed");
            }
        }
    }

    private void ignored(RuntimeException e, String step) {
        // The first failure is worth a warning; a listener failing on every call is not worth one each.
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("event listener {} threw on {} of {}; ignoring it (further failures at DEBUG)", listener, step,
                    call, e);
        } else {
            LOG.debug("event listener {} threw on {} of {}", listener, step, call, e);
        }
    }

    @Override
    public String toString() {
        return listener == null ? "CallEvents[none]" : "CallEvents[" + call + "]";
    }
}
