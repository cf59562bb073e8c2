package io.inetkit.provider.ftp.internal;

import io.inetkit.testkit.ftp.HeldPort;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
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

    /** Closes the proxies, then the server. */
    @Override
    public void close() throws IOException {
        try (server; data; control) {
            // closed in reverse: control, data, server
        }
    }
}
