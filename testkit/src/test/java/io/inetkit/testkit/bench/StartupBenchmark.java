package io.inetkit.testkit.bench;

import io.inetkit.testkit.TestServer;
import io.inetkit.testkit.ftp.TestFtpServer;
import io.inetkit.testkit.gopher.TestGopherServer;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long each testkit server takes to start and to close: the issue asks for "well under a
 * second". A benchmark, not a test: it prints its figures. Run it with
 * {@code bench/testkit-startup}.
 */
public final class StartupBenchmark {

    private static final int RUNS = 30;

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Supplier<TestServer>> servers = new LinkedHashMap<>();
        servers.put("TestFtpServer", TestFtpServer::create);
        servers.put("TestFtpServer (implicit FTPS)", () -> TestFtpServer.newBuilder().implicitFtps().build());
        servers.put("TestHttpServer", TestHttpServer::create);
        servers.put("TestHttpServer (HTTPS)", () -> TestHttpServer.newBuilder().https().build());
        servers.put("TestGopherServer", TestGopherServer::create);
        servers.put("FaultProxy", () -> FaultProxy.to(new InetSocketAddress("127.0.0.1", 9)));

        long certStart = System.nanoTime();
        TestCertificate.localhost();
        System.out.printf("%-30s %8.1f ms (once per JVM)%n", "TestCertificate.localhost()",
                (System.nanoTime() - certStart) / 1e6);
        System.out.printf("%-30s %10s %10s %10s %10s%n", "server", "first ms", "median ms", "max ms", "close ms");
        for (Map.Entry<String, Supplier<TestServer>> entry : servers.entrySet()) {
            double[] starts = new double[RUNS];
            double[] closes = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                TestServer server = entry.getValue().get();
                long t0 = System.nanoTime();
                server.start();
                long t1 = System.nanoTime();
                server.close();
                long t2 = System.nanoTime();
                starts[i] = (t1 - t0) / 1e6;
                closes[i] = (t2 - t1) / 1e6;
            }
            double first = starts[0];
            Arrays.sort(starts);
            Arrays.sort(closes);
            System.out.printf("%-30s %10.1f %10.1f %10.1f %10.1f%n", entry.getKey(), first, starts[RUNS / 2],
                    starts[RUNS - 1], closes[RUNS / 2]);
        }
    }
}
