package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * curl's exit status for a failure, so that a script written for curl reads inetkit's the same way.
 * The error line keeps the WinINet name and code; this number says the same in curl's words. A
 * failure curl has no number for exits with {@link #FAILED}. The table is in docs/curl-options.md.
 */
final class ExitStatus {

    /** A failure curl has no closer number for (curl's 1 is also "unsupported protocol"). */
    static final int FAILED = 1;

    /** curl's status for a local file it could not read (CURLE_READ_ERROR): an upload, a cookie file. */
    static final int READ_ERROR = 26;
    /** curl's CURLE_RANGE_ERROR: the server answered {@code -C -} or {@code --segments} with another range. */
    static final int RANGE_ERROR = 33;
    /** curl's CURLE_BAD_DOWNLOAD_RESUME: {@code -C -} from past the other side's end. */
    static final int BAD_RESUME = 36;

    /** A status the command can exit with, and what it means; the manual page lists them. */
    record Meaning(int status, String text) {
    }

    /** Every status {@link #of} returns, in order, with curl's meaning of it. */
    static final List<Meaning> MEANINGS = List.of(
            new Meaning(1, "Unsupported protocol or scheme, a redirect to another scheme or from HTTPS to HTTP,"
                    + " or a failure curl has no number for."),
            new Meaning(2, "A usage error, or an option's value the command cannot use."),
            new Meaning(3, "A malformed URL, or a redirect to a Location that is not a usable URL."),
            new Meaning(4, "A feature this image does not hold."),
            new Meaning(5, "The proxy's name could not be resolved."),
            new Meaning(6, "The host's name could not be resolved."),
            new Meaning(7, "Could not connect to the host or the proxy."),
            new Meaning(8, "The server's reply broke its protocol or went past one of the limits."),
            new Meaning(9, "The server refused a listing, or an SFTP server the access to a file."),
            new Meaning(13, "The FTP server's reply to PASV or EPSV could not be used."),
            new Meaning(18, "A download ended shorter or longer than the server announced."),
            new Meaning(22, "With -f, an HTTP status of 400 or more; a 401 or 407 the credentials did not end."),
            new Meaning(23, "The output file could not be written, or -O found no file name in the URL."),
            new Meaning(25, "The server refused an upload."),
            new Meaning(26, "A local file could not be read: an upload, a -d @FILE, a cookie, netrc or --key file."),
            new Meaning(28, "A time-out: --timeout, --connect-timeout or --max-time."),
            new Meaning(33, "A range error: with -C -, the server answered with another range than the rest of"
                    + " the file; with --segments, it sent the whole file for a range after it had sent a range."),
            new Meaning(35, "The TLS handshake failed."),
            new Meaning(36, "With -C -, the file to continue is longer than the server's (get) or shorter (put)."),
            new Meaning(42, "The operation was cancelled."),
            new Meaning(47, "Too many redirects."),
            new Meaning(56, "The connection was reset or cut."),
            new Meaning(60, "The server's certificate, or its SSH host key (unknown or changed), could not be"
                    + " verified."),
            new Meaning(61, "The response's content encoding could not be decoded."),
            new Meaning(67, "The login was refused."),
            new Meaning(73, "The SFTP server refused: the file exists."),
            new Meaning(77, "The CA certificate file or folder could not be read."),
            new Meaning(78, "The server refused the file: it does not exist or may not be read."));

    /** What the command was doing, which decides between curl's numbers for a server's refusal. */
    enum Activity {
        /** {@code get}: a refusal is curl's 78 (remote file not found), a cut transfer its 18. */
        DOWNLOAD,
        /** {@code put}: a refusal is curl's 25 (upload failed), a local file that fails its 26. */
        UPLOAD,
        /** {@code ls}: a refusal is curl's 9 (remote access denied). */
        LIST,
        /** Anything else. */
        OTHER
    }

    private ExitStatus() {
    }

    /**
     * A failure whose status the code that met it knows better than its error can say: a CA file
     * given with {@code --cacert} that cannot be read is curl's 77, not a download's write error.
     */
    static final class Known extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient InternetException failure;
        private final int status;

        Known(InternetException failure, int status) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.status = status;
        }

        /** The failure itself, for the error line. */
        InternetException failure() {
            return failure;
        }
    }

    /** The failure to report: the one inside a {@link Known}, else itself. */
    static Exception shown(Exception failure) {
        return failure instanceof Known known ? known.failure() : failure;
    }

    /** curl's exit status for {@code failure}, met while doing {@code activity}. */
    static int of(Exception failure, Activity activity) {
        if (failure instanceof Known known) {
            return known.status;
        }
        if (!(failure instanceof InternetException e)) {
            return FAILED;
        }
        return switch (e.error()) {
            case UNRECOGNIZED_SCHEME, PROTOCOL_NOT_FOUND, REDIRECT_SCHEME_CHANGE, HTTPS_TO_HTTP_ON_REDIR -> 1;
            case INVALID_PARAMETER -> 2; // curl's for options it cannot use
            case INVALID_URL -> 3;
            case NOT_SUPPORTED -> 4;
            case PROXY_SERVER_UNREACHABLE -> has(e, UnknownHostException.class) ? 5 : 7;
            case NAME_NOT_RESOLVED -> 6;
            case CANNOT_CONNECT -> 7;
            case HTTP_INVALID_SERVER_RESPONSE, GOPHER_PROTOCOL_ERROR -> 8;
            // A Gopher error item is the server's "not found", with its text as the reply.
            case GOPHER_DATA_ERROR -> e.serverReply().isPresent() ? refused(e, activity) : 8;
            case FTP_NO_PASSIVE_MODE -> 13;
            case CONNECTION_ABORTED -> aborted(String.valueOf(e.getMessage()), activity);
            case DISK_FULL -> 23;
            case TIMEOUT -> 28;
            case HTTP_DOWNLEVEL_SERVER -> RANGE_ERROR; // curl's range error
            case SECURITY_CHANNEL_ERROR -> 35;
            case OPERATION_CANCELLED -> 42;
            case HTTP_REDIRECT_FAILED -> e.getMessage() != null && e.getMessage().contains("Limits.maxRedirects")
                    ? 47 : 3;
            case CONNECTION_RESET, FTP_DROPPED -> 56;
            case INVALID_CA, SEC_CERT_DATE_INVALID, SEC_CERT_CN_INVALID, SEC_CERT_ERRORS, SEC_CERT_NO_REV,
                    SEC_CERT_REV_FAILED, SEC_CERT_REVOKED, SEC_CERT_WEAK_SIGNATURE, SEC_INVALID_CERT -> 60;
            case DECODING_FAILED -> 61;
            // A 401 or 407 that the credentials did not end is an HTTP error status to curl.
            case LOGIN_FAILURE, INCORRECT_PASSWORD, INCORRECT_USER_NAME ->
                    e.serverReply().orElse("").startsWith("HTTP/") ? 22 : 67;
            // FTP reports a server's refusal as EXTENDED_ERROR with its reply; SFTP's status codes come
            // as these, with the server's message as the reply; without one, they are the local files'.
            case FILE_NOT_FOUND -> e.serverReply().isPresent() ? 78 : local(activity);
            case ACCESS_DENIED -> e.serverReply().isPresent() ? 9 : local(activity);
            case FILE_EXISTS -> e.serverReply().isPresent() ? 73 : local(activity);
            case EXTENDED_ERROR -> refused(e, activity);
            default -> FAILED;
        };
    }

    /**
     * {@code CONNECTION_ABORTED} says that the exchange ended wrongly, which curl tells apart: a
     * server past one of the {@code Limits} or outside its protocol (8, a weird reply), a transfer
     * shorter or longer than announced (18, a partial file), and any other cut (56, a receive failure).
     */
    private static int aborted(String message, Activity activity) {
        if (message.contains("(Limits.") || message.contains("broke the protocol")) {
            return 8;
        }
        if (activity == Activity.DOWNLOAD && (message.contains("than it announced") || message.contains("ended after")
                || message.contains("ended early"))) {
            return 18;
        }
        return 56;
    }

    /** A local file that could not be written (23), or read for an upload (26). */
    private static int local(Activity activity) {
        return activity == Activity.UPLOAD ? READ_ERROR : 23;
    }

    /** The server refused: an HTTP status (22, as curl's {@code --fail}), or an FTP reply. */
    private static int refused(InternetException e, Activity activity) {
        String reply = e.serverReply().orElse("");
        if (reply.startsWith("HTTP/")) {
            return 22;
        }
        return switch (activity) {
            case DOWNLOAD -> 78;
            case UPLOAD -> 25;
            case LIST -> 9;
            case OTHER -> FAILED;
        };
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
