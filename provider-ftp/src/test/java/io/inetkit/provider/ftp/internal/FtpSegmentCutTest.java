package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.RetryPolicy;
import io.inetkit.SegmentedDownload;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.leak.Leaks;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segmented FTP download whose data connections are cut: the testkit's server with a passive
 * port for each segment, each behind a fault proxy that cuts its first data connection; the control
 * connection's EPSV replies are rewritten to name the proxies.
 */
class FtpSegmentCutTest {

    private static final int PORTS = 4;
    private static final int SIZE = 6 * 1024 * 1024 + 1;

    @TempDir Path dir;

    @Test
    void cutDataConnectionsAreAskedAgainFromWhereTheyStopped() throws Exception {
        byte[] content = new byte[SIZE];
        new Random(4).nextBytes(content);
        Leaks leaks = Leaks.snapshot();
        int base = consecutiveFreePorts();
        TestFtpServer server = TestFtpServer.newBuilder().passivePorts(base, base + PORTS - 1).build();
        List<FaultProxy> data = new ArrayList<>();
        FaultProxy control = FaultProxy.to(server::address);
        Path target = dir.resolve("big.bin");
        try {
            server.start();
            Files.write(server.root().resolve("big.bin"), content);
            Map<String, String> ports = new LinkedHashMap<>();
            for (int i = 0; i < PORTS; i++) {
                FaultProxy proxy = FaultProxy.to(new InetSocketAddress("127.0.0.1", base + i));
                data.add(proxy);
                proxy.enqueue(Fault.cutAfter(Direction.DOWNSTREAM, 300_000)); // the first through this port
                proxy.start();
                ports.put("|||" + (base + i) + "|", "|||" + proxy.port() + "|");
            }
            control.fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> {
                String out = line;
                for (Map.Entry<String, String> port : ports.entrySet()) {
                    out = out.replace(port.getKey(), port.getValue());
                }
                return out;
            }));
            control.start();
            URI url = URI.create("ftp://127.0.0.1:" + control.port() + "/big.bin");
            try (Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(20))
                    .retries(RetryPolicy.newBuilder().maxRetries(6).backoff(Duration.ofMillis(10)).build()).build()) {
                SegmentedDownload.Result result = SegmentedDownload.newBuilder().segments(PORTS)
                        .minSegmentSize(512 * 1024).build().download(internet, url, target, ConnectFlag.PASSIVE);
                assertEquals(PORTS, result.connections());
            }
            assertArrayEquals(content, Files.readAllBytes(target));
            int connections = data.stream().mapToInt(FaultProxy::connectionCount).sum();
            assertTrue(connections > PORTS, "a data connection was cut and asked again: " + connections);
        } finally {
            control.close();
            for (FaultProxy proxy : data) {
                proxy.close();
            }
            server.close();
        }
        leaks.assertNoLeak("segmented FTP download with cuts");
    }

    /** The first of {@link #PORTS} loopback ports in a row that are free now. */
    private static int consecutiveFreePorts() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(30_000, 60_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < PORTS; i++) {
                    held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException e) {
                // Taken: another base.
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new IOException("no " + PORTS + " free loopback ports in a row");
    }
}
