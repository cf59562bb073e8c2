package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** A URL given on the command line: checked here, then connected to by the API as {@code openUrl} would. */
final class UrlTarget {

    private UrlTarget() {
    }

    /** The URL, or the invalid-URL error the error line reports. */
    static URI parse(String text) throws InternetException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InternetException(InternetError.INVALID_URL, "'" + text + "' is not a URL: " + e.getReason(), e);
        }
        if (uri.getScheme() == null) {
            throw new InternetException(InternetError.INVALID_URL,
                    "'" + text + "' has no scheme; write it as scheme://host/path");
        }
        return uri;
    }

    /**
     * The session for the URL's site, for the commands that need the session itself (ls, put); a
     * missing provider or an unknown scheme fails before anything is sent. An SFTP URL's session
     * takes the SSH options, which {@code connectUrl} has no room for.
     */
    static Session connect(Internet internet, URI uri, Set<ConnectFlag> flags, SshOptions ssh)
            throws InternetException {
        if (SftpTarget.is(internet, uri)) {
            return SftpTarget.connect(internet, uri, flags, ssh);
        }
        return internet.connectUrl(uri, flags.toArray(new ConnectFlag[0]));
    }
}
