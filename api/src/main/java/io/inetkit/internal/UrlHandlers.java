package io.inetkit.internal;

import io.inetkit.Internet;
import io.inetkit.ProviderRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes {@code new URL("gopher://...").openStream()} work in any application that has the
 * provider of the scheme: {@link java.net.URL} asks this provider, found by
 * {@link java.util.ServiceLoader}, for the schemes no JDK handler owns.
 *
 * <p>The JDK's own schemes ({@code http}, {@code https}, {@code ftp}, {@code mailto}, {@code jar})
 * stay the JDK's unless the system property {@value #OVERRIDE} names them, for example
 * {@code -Dinetkit.url.override=ftp}. Each connection gets its own {@link Internet}, with the
 * connection's timeouts where set, closed with the stream: no state outlives it.
 *
 * <p>That switch stays a system property, not a builder option: {@code java.net.URL} asks
 * {@link java.net.spi.URLStreamHandlerProvider}s once per JVM and caches the handler per scheme,
 * before and apart from any {@link Internet}, so the choice can only be the JVM's.
 */
public final class UrlHandlers extends URLStreamHandlerProvider {

    /** The system property listing JDK schemes that inetkit should handle instead. */
    public static final String OVERRIDE = "inetkit.url.override";

    private static final Set<String> JDK_SCHEMES = Set.of("http", "https", "ftp", "mailto", "jar", "file", "jrt");

    @Override
    public URLStreamHandler createURLStreamHandler(String protocol) {
        String scheme = protocol.toLowerCase(Locale.ROOT);
        if (JDK_SCHEMES.contains(scheme) && !overridden().contains(scheme)) {
            return null;
        }
        if (ProviderRegistry.load().serviceForScheme(scheme).isEmpty()) {
            return null;
        }
        return new Handler();
    }

    private static Set<String> overridden() {
        return Arrays.stream(System.getProperty(OVERRIDE, "").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static final class Handler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) {
            return new Connection(url);
        }
    }

    /** A read-only connection: the resource of {@link Internet#openUrl}. */
    private static final class Connection extends URLConnection {

        private InputStream in;

        Connection(URL url) {
            super(url);
        }

        @Override
        public synchronized void connect() throws IOException {
            if (in != null) {
                return;
            }
            Internet.Builder builder = Internet.newBuilder();
            if (getConnectTimeout() > 0) {
                builder.connectTimeout(Duration.ofMillis(getConnectTimeout()));
            }
            if (getReadTimeout() > 0) {
                builder.readTimeout(Duration.ofMillis(getReadTimeout()));
            }
            Internet internet = builder.build();
            try {
                InputStream resource = internet.openUrl(url.toURI());
                in = new FilterInputStream(resource) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            internet.close();
                        }
                    }
                };
                connected = true;
            } catch (URISyntaxException e) {
                internet.close();
                throw new IOException("not a valid URI: " + url.getProtocol() + "://" + url.getHost(), e);
            } catch (IOException | RuntimeException e) {
                internet.close();
                throw e;
            }
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            connect();
            return in;
        }
    }
}
