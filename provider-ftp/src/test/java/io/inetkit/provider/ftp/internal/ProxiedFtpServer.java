package io.inetkit.provider.ftp.internal;

import io.inetkit.testkit.ftp.HeldPort;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A started {@link TestFtpServer} with one passive port, reached through two fault proxies: the
 * {@link #control} proxy, whose {@code EPSV} replies are rewritten to name the {@link #data} proxy,
 * and the data proxy in front of the passive port. Tests put their faults on either proxy.
 */
public final class ProxiedFtpServer implements AutoCloseable {

    public final TestFtpServer server;
    public final FaultProxy control;
    public final FaultProxy data;
    /**
     * The control proxy's standing fault, the {@code EPSV} rewrite with it: a fault enqueued for
     * one control connection replaces it, so combine the two ({@code controlRewrite().and(fault)}).
     */
    public final Fault controlRewrite;

    private ProxiedFtpServer(TestFtpServer server, FaultProxy control, FaultProxy data, Fault controlRewrite) {
        this.server = server;
        this.control = control;
        this.data = data;
        this.controlRewrite = controlRewrite;
    }

    /** The server {@code builder} makes (its passive ports set here), behind the two proxies. */
    public static ProxiedFtpServer start(TestFtpServer.Builder builder) throws IOException {
        return start(builder, UnaryOperator.identity(), null);
    }

    /**
     * As {@link #start(TestFtpServer.Builder)}, with the control proxy also rewriting the server's
     * lines ({@code downstream}, after the {@code EPSV} rewrite) and the client's ({@code upstream};
     * null leaves them as they are).
     */
    public static ProxiedFtpServer start(TestFtpServer.Builder builder, UnaryOperator<String> downstream,
            UnaryOperator<String> upstream) throws IOException {
        TestFtpServer server = null;
        FaultProxy data = null;
        FaultProxy control = null;
        try (HeldPort held = HeldPort.hold()) { // until the proxies have their ports
            int passive = held.port();
            server = builder.passivePorts(passive, passive).build();
            server.start();
            data = FaultProxy.to(new InetSocketAddress("127.0.0.1", passive));
            data.start();
            String proxied = "|||" + data.port() + "|";
            control = FaultProxy.to(server::address);
            Fault rewrite = Fault.rewriteLines(Direction.DOWNSTREAM,
                    line -> downstream.apply(line.replace("|||" + passive + "|", proxied)));
            if (upstream != null) {
                rewrite = rewrite.and(Fault.rewriteLines(Direction.UPSTREAM, upstream));
            }
            control.fault(rewrite);
            control.start();
            return new ProxiedFtpServer(server, control, data, rewrite);
        } catch (IOException | RuntimeException e) {
            closeAll(server, data, control);
            throw e;
        }
    }

    private static void closeAll(AutoCloseable... all) {
        for (AutoCloseable each : all) {
            if (each != null) {
                try {
                    each.close();
                } catch (Exception ignored) {
                    // The set-up's failure is the one to report.
                }
            }
        }
    }

    /**
     * A passive session through the control proxy, logged in as {@code alice} with the password
     * {@code secret}: the user the tests build their servers with.
     */
    public FtpSessionImpl connect(Internet internet) throws InternetException {
        return (FtpSessionImpl) internet.connect(ConnectRequest.newBuilder(Service.FTP, control.host())
                .port(control.port()).user("alice").password("secret").flags(ConnectFlag.PASSIVE).build());
    }

    /** The commands a client sent, counted by verb: {@link #record} goes in an upstream rewrite. */
    public static final class CommandCount {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        /** Counts the command of {@code line} and returns its verb, in upper case. */
        public String record(String line) {
            String verb = line.split(" ", 2)[0].trim().toUpperCase(Locale.ROOT);
            counts.computeIfAbsent(verb, v -> new AtomicInteger()).incrementAndGet();
            return verb;
        }

        /** How many times the verb was sent. */
        public int sent(String verb) {
            AtomicInteger count = counts.get(verb);
            return count == null ? 0 : count.get();
        }
    }

    /**
     * How the last {@code get} ({@code download}) or {@code put} of {@code session} went: "channel",
     * "sendfile" or "stream", or "" before its data connection opened. For the tests of other packages.
     */
    public static String lastRoute(io.inetkit.ftp.FtpSession session, boolean download) {
        FtpSessionImpl impl = (FtpSessionImpl) session;
        return download ? impl.lastDownload() : impl.lastUpload();
    }

    /** Closes the proxies, then the server. */
    @Override
    public void close() throws IOException {
        try (server; data; control) {
            // closed in reverse: control, data, server
        }
    }
}
