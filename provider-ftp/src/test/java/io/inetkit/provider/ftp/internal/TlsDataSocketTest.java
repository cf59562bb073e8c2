package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.FaultProxy;
import io.inetkit.testkit.tls.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * How {@link TlsDataSocket} ends an upload under TLS 1.3: {@code close_notify} alone, so that the
 * client's TCP FIN comes only once the server has read the upload's end and closed, seen from a
 * {@link FaultProxy} between the two, which records each side's end of stream.
 */
class TlsDataSocketTest {

    /**
     * Blocking tasks run on a thread of their own: the common pool has one thread on two cores, and
     * a task that an earlier test left waiting would hold this test's task back.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "test-task").start();

    static final int SIZE = 1 << 20;
    static final TestCertificate CERTIFICATE = TestCertificate.localhost();

    /**
     * A TLS 1.3 server for one upload: reads it to its TLS end; then, if asked, to the TCP FIN;
     * then, before it closes, looks for 200 ms whether the client's FIN has passed the proxy.
     */
    static CompletableFuture<Long> serveOneUpload(ServerSocket listener, boolean waitForFin, FaultProxy proxy,
            List<Direction> endsBeforeServerClosed) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket plain = listener.accept()) {
                plain.setSoTimeout(20_000);
                SSLSocket tls = (SSLSocket) CERTIFICATE.serverContext().getSocketFactory()
                        .createSocket(plain, "localhost", plain.getPort(), false);
                tls.setUseClientMode(false);
                tls.setEnabledProtocols(new String[] {"TLSv1.3"});
                long received = tls.getInputStream().transferTo(OutputStream.nullOutputStream());
                if (waitForFin) {
                    InputStream raw = plain.getInputStream();
                    while (raw.read() >= 0) {
                        // a server that takes only the TCP end for the end of the file
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                while (proxy.sourceEnds().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                endsBeforeServerClosed.addAll(proxy.sourceEnds());
                tls.close();
                return received;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, OWN_THREAD);
    }

    /** Uploads SIZE bytes through the proxy with a TlsDataSocket made as ProtectedFtpClient makes one. */
    static void upload(FaultProxy proxy) throws IOException {
        Socket plain = new Socket();
        plain.connect(proxy.address(), 5_000);
        plain.setSoTimeout(10_000);
        SSLSocket tls = (SSLSocket) CERTIFICATE.clientContext().getSocketFactory()
                .createSocket(plain, "localhost", proxy.port(), false);
        tls.startHandshake();
        assertEquals("TLSv1.3", tls.getSession().getProtocol());
        try (TlsDataSocket data = new TlsDataSocket(tls, plain, true); OutputStream out = data.getOutputStream()) {
            out.write(new byte[SIZE]);
        }
        assertTrue(plain.isClosed(), "the TCP socket is closed with the upload");
    }

    static List<Direction> bothEnds(FaultProxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proxy.sourceEnds().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return proxy.sourceEnds();
    }

    @Test
    void anUploadEndsWithCloseNotifyAloneAndTheServerClosesFirst() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             FaultProxy proxy = FaultProxy.to(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     listener.getLocalPort()))) {
            proxy.start();
            List<Direction> beforeClose = new CopyOnWriteArrayList<>();
            CompletableFuture<Long> received = serveOneUpload(listener, false, proxy, beforeClose);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> upload(proxy));
            assertEquals(SIZE, received.get(10, TimeUnit.SECONDS));
            // A FIN of ours while the server is still open is what a proxy without half-closes
            // (tinyproxy) turns into a reset of the server's side: 426.
            assertEquals(List.of(), beforeClose, "ends seen by the proxy before the server closed");
            assertTrue(bothEnds(proxy).contains(Direction.UPSTREAM), "the client closed in the end");
        }
    }

    @Test
    void aServerThatWaitsForTheFinGetsItAfterAWhile() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             FaultProxy proxy = FaultProxy.to(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     listener.getLocalPort()))) {
            proxy.start();
            List<Direction> beforeClose = new CopyOnWriteArrayList<>();
            CompletableFuture<Long> received = serveOneUpload(listener, true, proxy, beforeClose);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> upload(proxy));
            assertEquals(SIZE, received.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(Direction.UPSTREAM), beforeClose, "the client's FIN, which this server waits for");
            assertEquals(List.of(Direction.UPSTREAM, Direction.DOWNSTREAM), bothEnds(proxy));
        }
    }

    @Test
    void shutdownOutputOfAnUploadSendsTheFinAsOnAnyOtherSocket() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             FaultProxy proxy = FaultProxy.to(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     listener.getLocalPort()))) {
            proxy.start();
            CompletableFuture<Long> received = serveOneUpload(listener, true, proxy, new CopyOnWriteArrayList<>());
            Socket plain = new Socket();
            plain.connect(proxy.address(), 5_000);
            SSLSocket tls = (SSLSocket) CERTIFICATE.clientContext().getSocketFactory()
                    .createSocket(plain, "localhost", proxy.port(), false);
            tls.startHandshake();
            try (TlsDataSocket data = new TlsDataSocket(tls, plain, true)) {
                data.getOutputStream().write(new byte[1000]);
                data.getOutputStream().flush();
                data.shutdownOutput();
                assertEquals(1000, received.get(10, TimeUnit.SECONDS), "the server saw close_notify and the FIN");
                assertEquals(Direction.UPSTREAM, bothEnds(proxy).get(0));
            }
        }
    }
}
