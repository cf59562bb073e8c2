package io.inetkit.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.inetkit.ConnectRequest;
import io.inetkit.InternetException;
import io.inetkit.testing.LineProvider;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Jazzer fuzz test of URL parsing for {@code Internet.openUrl}: any string that {@link URI} accepts
 * is checked, turned into a connect request (user info percent-decoded) and stripped of its
 * password, throwing nothing but {@link InternetException}; the stripped URL never holds the
 * password. In every build this replays the stored inputs; with {@code -Pfuzz} it fuzzes.
 */
class UrlParsingFuzzTest {

    private static final LineProvider PROVIDER = new LineProvider();

    @FuzzTest(maxDuration = "30s")
    void urls(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return; // not a URL: openUrl takes a URI
        }
        try {
            UrlRequests.check(uri);
            ConnectRequest<?> request = UrlRequests.forUrl(uri, PROVIDER);
            URI shown = UrlRequests.withoutPassword(uri);
            // The user info of the shown URL holds no password. (Comparing text is not enough: the
            // stored input crash-b842… repeats the password's text in the path, where it is no secret.)
            String info = shown.getRawUserInfo();
            if (info != null && info.indexOf(':') >= 0) {
                throw new AssertionError("the password shows in " + shown);
            }
            if (request.password().isPresent() && !java.util.Objects.equals(shown.getHost(), uri.getHost())) {
                throw new AssertionError("stripping the password changed the host: " + shown);
            }
        } catch (InternetException expected) {
            // a clear refusal
        }
    }
}
