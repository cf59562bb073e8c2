package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.cli.ExitStatus.Activity;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * The rows of curl's table that the end-to-end tests (CLI tests, and {@code CurlExitStatusTest} on
 * the image against curl) do not reach with a real server.
 */
class ExitStatusTest {

    private static int status(InternetError error, String message, Activity activity) {
        return ExitStatus.of(new InternetException(error, message), activity);
    }

    @Test
    void errorsWithoutAServerCaseHaveCurlsNumbers() {
        assertEquals(4, status(InternetError.NOT_SUPPORTED, "no", Activity.DOWNLOAD));
        assertEquals(13, status(InternetError.FTP_NO_PASSIVE_MODE, "no", Activity.DOWNLOAD));
        assertEquals(35, status(InternetError.SECURITY_CHANNEL_ERROR, "no", Activity.DOWNLOAD));
        assertEquals(42, status(InternetError.OPERATION_CANCELLED, "no", Activity.DOWNLOAD));
        assertEquals(56, status(InternetError.CONNECTION_RESET, "no", Activity.DOWNLOAD));
        assertEquals(60, status(InternetError.SEC_CERT_DATE_INVALID, "no", Activity.DOWNLOAD));
        assertEquals(61, status(InternetError.DECODING_FAILED, "no", Activity.DOWNLOAD));
        assertEquals(23, status(InternetError.DISK_FULL, "no", Activity.DOWNLOAD));
        assertEquals(1, status(InternetError.INTERNAL_ERROR, "no", Activity.DOWNLOAD));
        assertEquals(1, ExitStatus.of(new IllegalStateException("a bug"), Activity.DOWNLOAD));
    }

    @Test
    void aProxyIsFiveWhenItsNameDoesNotResolveAndSevenOtherwise() {
        InternetException unresolved = new InternetException(InternetError.PROXY_SERVER_UNREACHABLE, "no",
                new UnknownHostException("proxy.invalid"));
        assertEquals(5, ExitStatus.of(unresolved, Activity.DOWNLOAD));
        assertEquals(7, status(InternetError.PROXY_SERVER_UNREACHABLE, "refused", Activity.DOWNLOAD));
    }

    @Test
    void anAbortedExchangeIsAWeirdReplyAPartialFileOrAReceiveFailure() {
        assertEquals(8, status(InternetError.CONNECTION_ABORTED, "x sent a reply of more than 10 lines"
                + " (Limits.maxReplyLines); raise it", Activity.DOWNLOAD));
        assertEquals(18, status(InternetError.CONNECTION_ABORTED, "the download of a from b ended after 3 of 5 bytes",
                Activity.DOWNLOAD));
        assertEquals(56, status(InternetError.CONNECTION_ABORTED, "the download of a from b ended after 3 of 5 bytes",
                Activity.LIST));
        assertEquals(56, status(InternetError.CONNECTION_ABORTED, "the connection failed", Activity.DOWNLOAD));
    }

    @Test
    void aRefusalIsTheActivitysNumberAndAnHttpStatusIsTwentyTwo() {
        InternetException ftp = new InternetException(InternetError.EXTENDED_ERROR, "refused", "550 No.", null);
        assertEquals(78, ExitStatus.of(ftp, Activity.DOWNLOAD));
        assertEquals(25, ExitStatus.of(ftp, Activity.UPLOAD));
        assertEquals(9, ExitStatus.of(ftp, Activity.LIST));
        InternetException http = new InternetException(InternetError.EXTENDED_ERROR, "refused", "HTTP/1.1 403 No",
                null);
        assertEquals(22, ExitStatus.of(http, Activity.UPLOAD));
        assertEquals(26, status(InternetError.FILE_NOT_FOUND, "x is not a file; nothing was sent", Activity.UPLOAD));
    }
}
