package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.it.ChildJvm.Result;
import io.inetkit.it.ChildJvm.Where;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Provider discovery in real JVMs, once on the module path (where only {@code provides} counts)
 * and once on the class path (where only {@code META-INF/services} counts), with zero, one and
 * two providers for the Echo service id.
 */
class DiscoveryTest {

    private static ServerSocket echoServer;

    @BeforeAll
    static void startEchoServer() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echoServer.isClosed()) {
                try (Socket socket = echoServer.accept(); InputStream in = socket.getInputStream();
                     OutputStream out = socket.getOutputStream()) {
                    socket.setSoTimeout(30_000);
                    in.transferTo(out);
                } catch (IOException e) {
                    // Next connection.
                }
            }
        }, "it-echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stopEchoServer() throws IOException {
        echoServer.close();
    }

    private static List<Path> libraries(String... extra) throws IOException {
        List<Path> libraries = new ArrayList<>(ChildJvm.slf4j());
        libraries.add(ChildJvm.location("inetkit.it.api"));
        for (String property : extra) {
            libraries.add(ChildJvm.location(property));
        }
        return libraries;
    }

    private static String describe(Result result) {
        return "exit " + result.exitCode() + "\nout: " + result.out() + "\nerr: " + result.err();
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void withNoProviderNothingIsListedAndConnectNamesTheArtifact(Where where) throws Exception {
        Result services = ChildJvm.run(where, libraries(), "services");
        assertEquals(List.of("end"), services.out(), describe(services));

        Result connect = ChildJvm.run(where, libraries(), "connect-ftp");
        assertEquals(1, connect.lines("error ").size(), describe(connect));
        String error = connect.lines("error ").get(0);
        assertTrue(error.startsWith("error ERROR_INTERNET_PROTOCOL_NOT_FOUND 12008 "), error);
        assertTrue(error.contains("io.inetkit:inetkit-provider-ftp"), error);
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void anApplicationWithoutAnSlf4jBindingGetsNoWarningFromSlf4j(Where where) throws Exception {
        List<Path> withoutBinding = new ArrayList<>(libraries());
        withoutBinding.removeIf(jar -> jar.getFileName().toString().startsWith("slf4j-simple"));
        Result connect = ChildJvm.run(where, withoutBinding, "connect-ftp");
        assertEquals(1, connect.lines("error ").size(), describe(connect));
        assertEquals(List.of(), connect.err(), "nothing on standard error: " + describe(connect));
        Result bound = ChildJvm.run(where, libraries(), "connect-ftp");
        assertEquals(1, bound.lines("error ").size(), describe(bound));
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void aThirdPartyProviderIsFoundAndWorks(Where where) throws Exception {
        Result services = ChildJvm.run(where, libraries("inetkit.it.echo"), "services");
        String module = where == Where.MODULE_PATH ? "com.example.echo" : "unnamed";
        assertEquals(List.of("service 862 echo " + module + " com.example.echo.internal.EchoProvider", "end"),
                services.out(), describe(services));

        Result echo = ChildJvm.run(where, libraries("inetkit.it.echo"), "echo",
                String.valueOf(echoServer.getLocalPort()), "through-" + where);
        assertEquals(List.of("echo through-" + where), echo.out(), describe(echo));
        assertEquals(0, echo.exitCode(), describe(echo));
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void twoProvidersForOneIdChooseTheSameOneAndWarnOnce(Where where) throws Exception {
        // The twin first on the path: the choice must not depend on the order.
        List<Path> libraries = libraries("inetkit.it.twin", "inetkit.it.echo");
        Result services = ChildJvm.run(where, libraries, "services");
        assertEquals(2, services.out().size(), describe(services));
        assertTrue(services.out().get(0).endsWith(" com.example.echo.internal.EchoProvider"), describe(services));
        List<String> warnings = services.err().stream().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, warnings.size(), describe(services));
        assertTrue(warnings.get(0).contains("2 providers for service echo (862)"), warnings.get(0));
        assertTrue(warnings.get(0).contains("TwinEchoProvider"), warnings.get(0));

        Result echo = ChildJvm.run(where, libraries, "echo", String.valueOf(echoServer.getLocalPort()), "twice");
        assertEquals(List.of("echo twice"), echo.out(), describe(echo));
    }
}
