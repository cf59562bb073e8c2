package io.inetkit;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A handle to a site for one service: what WinINet's {@code InternetConnect} returns.
 *
 * <p>Each service has its own sub-interface with its operations: {@link io.inetkit.ftp.FtpSession},
 * {@link io.inetkit.http.HttpSession}, {@link io.inetkit.gopher.GopherSession}, and whatever a
 * third-party provider defines. Close it when done; closing the {@link Internet} closes it too.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      FtpSession ftp = internet.connect(Service.FTP, "ftp.example.org")) {
 *     System.out.println(ftp.pwd());
 * }
 * }</pre>
 *
 * <p>Closing a session closes what was opened through it (streams, responses) and is harmless to
 * repeat; an operation on a closed session fails with {@link InternetError#INVALID_HANDLE}.
 * Sessions are safe to share between threads unless their interface says otherwise.
 */
public interface Session extends AutoCloseable {

    /** The service this session talks. */
    Service<?> service();

    /** The server's host, as given to connect. */
    String host();

    /** The server's port, the service's default filled in for {@link Ports#DEFAULT}. */
    int port();

    /** The user this session logs in as; empty when none was given (anonymous). */
    Optional<String> user();

    /** The flags this session was connected with. */
    Set<ConnectFlag> flags();

    /** The context object given to connect, passed to every status event of this session. */
    Optional<Object> context();

    /** Whether this session is still open: not closed by itself, by its {@link Internet}, or by a failure. */
    boolean isOpen();

    /**
     * The server's last reply text on this session, as WinINet's {@code InternetGetLastResponseInfo}
     * gives it: the FTP reply lines, a Gopher+ error, the HTTP status line. Empty before the first.
     */
    Optional<String> lastResponse();

    /**
     * Runs an operation of this session on the {@link Internet}'s executor.
     *
     * <p>The future completes with the result, or exceptionally with the {@link java.io.IOException}
     * (usually an {@link InternetException}) the operation threw. A
     * {@link InternetStatus#REQUEST_COMPLETE} event is published when it ends. An operation that
     * has not started when the session closes fails with {@link InternetError#INVALID_HANDLE}; one
     * that is running is not aborted by the close in every provider yet (FTP fails it with
     * {@link InternetError#OPERATION_CANCELLED}; HTTP finishes a running send first), unlike
     * WinINet's {@code InternetCloseHandle}.
     *
     * <pre>{@code
     * ftp.async(() -> ftp.size("big.iso")).thenAccept(size -> System.out.println(size + " bytes"));
     * }</pre>
     */
    <T> CompletableFuture<T> async(InternetCallable<T> operation);

    /** Closes this handle and everything opened through it. Harmless to call again. */
    @Override
    void close();
}
