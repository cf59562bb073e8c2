package io.inetkit;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception of inetkit: an operation failed, and {@link #error()} says how, with the
 * WinINet code a Windows program would have got from {@code GetLastError()}.
 *
 * <p>The message says what failed, where, and what to do next; it never holds a password. When a
 * server explained the failure (an FTP reply, a Gopher+ error), {@link #serverReply()} holds its
 * words, as WinINet's {@code InternetGetLastResponseInfo} would:
 *
 * <pre>{@code
 * try (FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
 *         .user("joe").password(secret).build())) {
 *     ftp.get("report.csv", Path.of("report.csv"));
 * } catch (InternetException e) {
 *     System.err.println(e.error() + ": " + e.getMessage());
 *     e.serverReply().ifPresent(reply -> System.err.println("server said: " + reply));
 * }
 * }</pre>
 */
public final class InternetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final InternetError error;
    private final String serverReply;

    /**
     * An error with a message.
     *
     * @param error what kind of failure
     * @param message what failed, where, and what next; never a password
     */
    public InternetException(InternetError error, String message) {
        this(error, message, null, null);
    }

    /**
     * An error with a message and the exception that caused it.
     *
     * @param cause the underlying failure, or {@code null}
     */
    public InternetException(InternetError error, String message, Throwable cause) {
        this(error, message, null, cause);
    }

    /**
     * An error with a message, the server's reply and a cause.
     *
     * @param serverReply the server's own words, or {@code null} when it said nothing
     * @param cause the underlying failure, or {@code null}
     */
    public InternetException(InternetError error, String message, String serverReply, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.error = Objects.requireNonNull(error, "error");
        this.serverReply = serverReply;
    }

    /**
     * A failure of a local file, as the WinINet functions that take local paths report it:
     * {@link InternetError#FILE_NOT_FOUND} for a missing file or directory,
     * {@link InternetError#ACCESS_DENIED}, {@link InternetError#FILE_EXISTS},
     * {@link InternetError#DISK_FULL} when the system says there is no space left, and
     * {@link InternetError#INTERNAL_ERROR} for anything else.
     *
     * <pre>{@code
     * try {
     *     Files.createTempFile(target.getParent(), "x", ".part");
     * } catch (IOException e) {
     *     throw InternetException.localFile("cannot write", target, e);
     * }
     * }</pre>
     *
     * @param action what failed, for the message, such as {@code "cannot write"}
     */
    public static InternetException localFile(String action, Path path, IOException cause) {
        InternetError error = cause instanceof NoSuchFileException ? InternetError.FILE_NOT_FOUND
                : cause instanceof AccessDeniedException ? InternetError.ACCESS_DENIED
                : cause instanceof FileAlreadyExistsException ? InternetError.FILE_EXISTS
                // The JDK has no type for ENOSPC; its message is the system's "No space left on device".
                : String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("no space")
                ? InternetError.DISK_FULL : InternetError.INTERNAL_ERROR;
        return new InternetException(error, action + " " + path + ": " + cause, cause);
    }

    /** The WinINet error. */
    public InternetError error() {
        return error;
    }

    /** The WinINet numeric code, the same as {@code error().code()}. */
    public int code() {
        return error.code();
    }

    /** What the server said about the failure, when it said anything. */
    public Optional<String> serverReply() {
        return Optional.ofNullable(serverReply);
    }

    /** The class, the WinINet name and code, and the message. */
    @Override
    public String toString() {
        return getClass().getName() + ": " + error + ": " + getMessage();
    }
}
