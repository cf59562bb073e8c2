package io.inetkit.provider.ftp.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.Objects;

/**
 * Argument checks done before any byte is sent. Commons Net writes whatever it is given, so a CR or
 * LF in a path would end the command early and let the rest run as a second command.
 */
final class Checks {

    private Checks() {
    }

    /** Refuses CR, LF and NUL. */
    static String noControlCharacters(String value, String what) throws InternetException {
        Objects.requireNonNull(value, what);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new InternetException(InternetError.INVALID_PARAMETER, "the " + what
                        + " holds a CR, LF or NUL character, which would split the FTP command; nothing was sent");
            }
        }
        return value;
    }

    /** A path: not empty, and without CR, LF or NUL. */
    static String path(String value, String what) throws InternetException {
        noControlCharacters(value, what);
        if (value.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "the " + what + " is empty");
        }
        return value;
    }
}
