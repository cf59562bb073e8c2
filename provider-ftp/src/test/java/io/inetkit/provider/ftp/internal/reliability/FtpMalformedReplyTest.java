package io.inetkit.provider.ftp.internal.reliability;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import io.inetkit.testkit.corpus.Corpus;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reply of {@code reliability/ftp-replies.txt}, served by testkit's {@link ScriptedFtpServer}:
 * each ends in a result or an {@link InternetException} (the corpus says which), never an unchecked
 * exception, never a hang, and no download file unless the download succeeded.
 */
class FtpMalformedReplyTest {

    static final Duration READ_TIMEOUT = Duration.ofMillis(700);

    @TempDir Path local;

    static Stream<Corpus.Entry> corpus() {
        List<Corpus.Entry> entries = Corpus.load(FtpMalformedReplyTest.class, "/reliability/ftp-replies.txt", 5);
        assertTrue(entries.size() >= 70, "the FTP corpus shrank: " + entries.size());
        return entries.stream();
    }

    /** One good exchange first, so that what the JVM opens once for good is not counted as a leak. */
    @BeforeAll
    static void warmUp() throws Exception {
        try (ScriptedFtpServer server = ScriptedFtpServer.create();
             Internet internet = Internet.newBuilder().readTimeout(READ_TIMEOUT).build()) {
            server.start();
            try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                    .port(server.port()).user("u").password("p").flags(ConnectFlag.PASSIVE).build())) {
                session.list();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsInAResultOrAnInternetException(Corpus.Entry c) throws Exception {
        String verb = c.field(1);
        String op = c.field(2);
        boolean mustFail = c.field(3).equals("error");
        Leaks leaks = Leaks.snapshot();
        try (ScriptedFtpServer server = ScriptedFtpServer.create();
             Internet internet = Internet.newBuilder().connectTimeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT).build()) {
            server.start();
            if (op.equals("get-announced")) {
                server.reply("FEAT", "211-Features:\r\n UTF8\r\n211 End\r\n");
            }
            if (op.equals("mlsd")) {
                server.reply("FEAT", "211-Features:\r\n MLST type*;size*;modify*;\r\n SIZE\r\n211 End\r\n");
            }
            if (verb.equals("DATA")) {
                server.data(Reply.bytes(c.payload()));
            } else {
                server.reply(verb, c.payload().length == 0 ? null : c.payload());
            }
            Path target = local.resolve("got.bin");
            Path source = Files.writeString(local.resolve("up.txt"), "hello");
            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                        .port(server.port()).user("u").password("p").flags(ConnectFlag.PASSIVE).build())) {
                    switch (op) {
                        case "connect" -> session.pwd();
                        case "pwd" -> session.pwd();
                        case "size" -> session.size("a.txt");
                        case "cd" -> session.cd("d");
                        case "list", "mlsd" -> session.list();
                        case "get", "get-announced" -> session.get("a.txt", target);
                        case "put" -> session.put(source, "b.txt");
                        case "delete" -> session.delete("a.txt");
                        default -> throw new IllegalArgumentException("unknown operation " + op);
                    }
                    return null;
                } catch (InternetException e) {
                    return e;
                } catch (Throwable t) {
                    return t; // reported below with the case's name
                }
            });
            if (thrown != null && !(thrown instanceof InternetException)) {
                throw new AssertionError(c + ": " + thrown + " is not an InternetException", thrown);
            }
            if (mustFail && thrown == null) {
                fail(c + ": accepted a malformed reply");
            }
            if (thrown != null) {
                assertTrue(thrown.getMessage() != null && !thrown.getMessage().isBlank(), c + ": no message");
                assertTrue(Files.notExists(target), c + ": left " + target);
            }
        }
        leaks.assertNoLeak(c.name());
    }
}
