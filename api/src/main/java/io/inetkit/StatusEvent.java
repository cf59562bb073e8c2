package io.inetkit;

import io.inetkit.ftp.FtpReply;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a handle's work, given to the {@link StatusListener} of the {@link Internet}:
 * WinINet's status callback as a value.
 *
 * <p>{@link #context()} is the object given to {@link ConnectRequest.Builder#context(Object)} for
 * the session the event belongs to, so one listener can serve many sessions:
 *
 * <pre>{@code
 * Internet internet = Internet.newBuilder()
 *         .statusListener(event -> log.info("{} {}: {}", event.context().orElse("-"),
 *                 event.status(), event.info().orElse("")))
 *         .build();
 * }</pre>
 *
 * <p>The info has the type its status declares ({@link InternetStatus#infoType()}); ask for it as
 * that type with {@link #info(Class)}.
 */
public final class StatusEvent {

    private final InternetStatus status;
    private final Service<?> service;
    private final String host;
    private final int port;
    private final Object context;
    private final Object info;

    /**
     * An event.
     *
     * @param context the session's context object, or {@code null} when it has none
     * @param info what the status carries (see {@link InternetStatus}), or {@code null}
     * @throws IllegalArgumentException if the info is not of the status's {@link InternetStatus#infoType()}
     */
    public StatusEvent(InternetStatus status, Service<?> service, String host, int port,
            Object context, Object info) {
        this.status = Objects.requireNonNull(status, "status");
        this.service = Objects.requireNonNull(service, "service");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.context = context;
        if (!status.accepts(info)) {
            throw new IllegalArgumentException(status + " carries a " + status.infoType().getSimpleName()
                    + ", not a " + info.getClass().getName());
        }
        this.info = info;
    }

    /** The step. */
    public InternetStatus status() {
        return status;
    }

    /** The service of the session the event belongs to. */
    public Service<?> service() {
        return service;
    }

    /** The server's host, as given to connect. */
    public String host() {
        return host;
    }

    /** The server's port (the default port already filled in). */
    public int port() {
        return port;
    }

    /** The context object of the session, as given to connect. */
    public Optional<Object> context() {
        return Optional.ofNullable(context);
    }

    /**
     * What the status carries: an address, a byte count, a handle, of the type
     * {@link InternetStatus#infoType()} says.
     */
    public Optional<Object> info() {
        return Optional.ofNullable(info);
    }

    /**
     * The info as {@code type}, when it has one and is of that type: {@code info(Long.class)} for a
     * byte count, {@code info(FtpReply.class)} for an FTP reply. Empty for an event of a status whose
     * info is of another type, so that one listener can ask every event.
     */
    public <T> Optional<T> info(Class<T> type) {
        return type.isInstance(info) ? Optional.of(type.cast(info)) : Optional.empty();
    }

    @Override
    public String toString() {
        return status + " " + service.name() + "://" + host + ":" + port
                + (context == null ? "" : " context=" + context)
                + (info == null ? "" : " info=" + (info instanceof FtpReply reply ? reply.text() : info));
    }
}
