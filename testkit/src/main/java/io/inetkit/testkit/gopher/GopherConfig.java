package io.inetkit.testkit.gopher;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** What a {@link TestGopherServer.Builder} fixed: everything that does not change once built. */
record GopherConfig(
        Optional<Path> root,
        Optional<SSLContext> tls,
        InetAddress bindAddress,
        int port,
        Optional<String> advertisedHost,
        int advertisedPort,
        String adminName,
        String adminEmail,
        List<String> banner,
        boolean gopherPlusMenus,
        Duration readTimeout,
        int maxRequestLineBytes) {
}
