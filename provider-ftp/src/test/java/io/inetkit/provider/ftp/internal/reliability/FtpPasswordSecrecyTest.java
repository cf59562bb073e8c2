package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The password never shows: every log event of every logger at every level (root set to ALL),
 * status event infos, {@code toString()}s and exception messages and stack traces of a full FTP
 * and FTPS session (login, list, get, put, URL) and of failed logins are searched for it.
 */
class FtpPasswordSecrecyTest {

    static final String PASSWORD = "Pw-7f3a9c-Secret";
    static final String WRONG = "Wrong-5e1d2b-Guess";

    @TempDir Path local;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private Logger root;
    private Level level;

    @BeforeEach
    void captureEverything() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        level = root.getLevel();
        root.setLevel(Level.ALL);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void restore() {
        root.detachAppender(appender);
        root.setLevel(level);
    }

    @Test
    void neverAppearsInLogsEventsStringsOrErrors() throws Exception {
        Path upload = Files.writeString(local.resolve("up.txt"), "hello");
        try (TestFtpServer plain = TestFtpServer.newBuilder().user("alice", PASSWORD).build();
             TestFtpServer tls = TestFtpServer.newBuilder().user("alice", PASSWORD).explicitFtps().build();
             Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(5))
                     .sslContext(TestCertificate.localhost().clientContext())
                     .statusListener(event -> {
                         seen.add(event);
                         seen.add(String.valueOf(event.info()));
                     }).build()) {
            plain.start();
            tls.start();
            Files.writeString(plain.root().resolve("a.txt"), "a");
            Files.writeString(tls.root().resolve("a.txt"), "a");
            for (TestFtpServer server : List.of(plain, tls)) {
                ConnectRequest<FtpSession> request = ConnectRequest.newBuilder(Service.FTP, "localhost")
                        .port(server.port()).user("alice").password(PASSWORD)
                        .flags(server == tls ? new ConnectFlag[] {ConnectFlag.PASSIVE, ConnectFlag.START_TLS}
                                : new ConnectFlag[] {ConnectFlag.PASSIVE}).build();
                seen.add(request);
                try (FtpSession session = internet.connect(request)) {
                    seen.add(session);
                    session.list();
                    session.get("a.txt", local.resolve("a-" + server.port()));
                    session.put(upload, "up.txt");
                    seen.add(assertThrows(InternetException.class, () -> session.get("missing", local.resolve("m"))));
                    seen.add(session.lastResponse());
                }
                InternetException refused = assertThrows(InternetException.class, () -> internet.connect(
                        request.toBuilder().password(WRONG).build()));
                assertEquals(InternetError.LOGIN_FAILURE, refused.error());
                seen.add(refused);
            }
            URI url = URI.create("ftp://alice:" + PASSWORD + "@localhost:" + plain.port() + "/a.txt");
            try (var in = internet.openUrl(url)) {
                seen.add(new String(in.readAllBytes()));
                seen.add(in);
            }
            seen.add(assertThrows(InternetException.class, () -> internet.openUrl(
                    URI.create("ftp://alice:" + WRONG + "@localhost:" + plain.port() + "/a.txt"))));
            seen.add(assertThrows(InternetException.class, () -> internet.openUrl(
                    URI.create("ftp://alice:" + PASSWORD + "@localhost:" + plain.port() + "/missing"))));
            seen.add(internet);
        }
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            texts.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                texts.add(t.getMessage());
            }
        }
        for (Object o : seen) {
            texts.add(String.valueOf(o));
            if (o instanceof Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                texts.add(trace.toString());
            }
        }
        assertTrue(appender.list.size() > 20, "DEBUG logging was captured: " + appender.list.size() + " events");
        assertTrue(texts.stream().anyMatch(t -> t != null && t.contains("PASS")), "the PASS command was logged, masked");
        for (String text : texts) {
            assertFalse(text != null && (text.contains(PASSWORD) || text.contains(WRONG)), "a password shows in: " + text);
        }
    }
}
