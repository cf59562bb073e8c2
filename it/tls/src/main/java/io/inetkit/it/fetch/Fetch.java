package io.inetkit.it.fetch;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Session;
import io.inetkit.Trust;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fetch [-v] [--cacert FILE] [--start-tls] [--http1.1 | --http2] [--timeout SECONDS] URL}: the URL's
 * content to standard output. A failure is one line on standard error, {@code fetch: NAME (code):
 * message}, and exit status 1; {@code -v} prints each TLS handshake as {@code tls: <what it agreed>}.
 */
public final class Fetch {

    private Fetch() {
    }

    public static void main(String[] args) {
        boolean verbose = false;
        boolean startTls = false;
        HttpVersion version = null;
        String cacert = null;
        long timeout = 10;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-v" -> verbose = true;
                case "--start-tls" -> startTls = true;
                case "--http1.1" -> version = HttpVersion.HTTP_1_1;
                case "--http2" -> version = HttpVersion.HTTP_2;
                case "--cacert" -> cacert = args[++i];
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                default -> url = args[i];
            }
        }
        boolean tls = verbose;
        Internet.Builder builder = Internet.newBuilder()
                .connectTimeout(Duration.ofSeconds(timeout))
                .readTimeout(Duration.ofSeconds(timeout))
                .statusListener(event -> {
                    if (tls && event.status() == InternetStatus.TLS_HANDSHAKE_COMPLETE) {
                        System.err.println("tls: " + event.info().orElse(""));
                    }
                });
        try {
            if (cacert != null) {
                builder.trust(Trust.pem(Path.of(cacert)));
            }
            List<ConnectFlag> flags = new ArrayList<>();
            if (startTls) {
                flags.add(ConnectFlag.START_TLS);
            }
            URI uri = URI.create(url);
            try (Internet internet = builder.build()) {
                if (version != null) {
                    try (Session session = internet.connectUrl(uri, flags.toArray(new ConnectFlag[0]))) {
                        HttpRequest request = HttpRequest.newBuilder(uri.getRawPath()).version(version)
                                .expectSuccess().build();
                        try (InputStream in = ((HttpSession) session).send(request).body()) {
                            in.transferTo(System.out);
                        }
                    }
                } else {
                    try (InputStream in = internet.openUrl(uri, flags.toArray(new ConnectFlag[0]))) {
                        in.transferTo(System.out);
                    }
                }
            }
            System.out.flush();
        } catch (InternetException e) {
            System.err.println("fetch: " + e.error().winInetName() + " (" + e.error().code() + "): " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("fetch: " + e);
            System.exit(1);
        }
    }
}
