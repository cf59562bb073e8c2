import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.TransferType;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;

/**
 * The Java side of bench/run: one measurement per JVM, against the loopback servers bench/run
 * started. Usage: {@code Bench <case> <impl> <runs> <host> <ftpPort> <httpPort> <gopherPort> [args]}.
 *
 * <p>Each run prints one figure on a line of its own ({@code RUN <value>}); the last line is
 * {@code MEM heap=<MiB> rss=<MiB>} (peak heap over all pools, and the process's VmHWM), so the
 * script can take the best and the median of the runs and report memory. Runs are in one JVM: the
 * first includes JIT warm-up, which is why the script reports the best as well as the median.
 */
public final class Bench {

    private static final int BUFFER = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String host;
    private final int ftpPort;
    private final int httpPort;
    private final int gopherPort;
    private final String[] extra;
    /** Untimed requests before the first warm run, at the least: enough for C2 to compile the request path. */
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 20_000);

    /**
     * Untimed seconds before the first warm run, at the least: a cache hit takes a few microseconds,
     * and 20,000 of them end before the JIT has compiled the deeper methods of the path.
     */
    private static final long WARM_UP_NANOS = (long) (Double.parseDouble(System.getProperty("bench.warmupSeconds", "3")) * 1e9);

    /** The most time the warm-up goes on waiting for the rate to settle, after {@link #WARM_UP_NANOS}. */
    private static final long WARM_UP_LIMIT_NANOS = 20_000_000_000L;

    /** The least time of one warm run, in whole passes over the small files: 200 hits take too few milliseconds to time alone. */
    private static final long WARM_RUN_NANOS = 500_000_000L;

    private Internet warmInternet; // of the warm cases, kept across runs and closed by the exit
    private HttpSession warmSession;
    private HttpClient warmClient;
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private Bench(String[] args) {
        host = args[3];
        ftpPort = Integer.parseInt(args[4]);
        httpPort = Integer.parseInt(args[5]);
        gopherPort = Integer.parseInt(args[6]);
        extra = java.util.Arrays.copyOfRange(args, 7, args.length);
    }

    public static void main(String[] args) throws Exception {
        String kase = args[0];
        String impl = args[1];
        int runs = Integer.parseInt(args[2]);
        Bench bench = new Bench(args);
        for (int i = 0; i < runs; i++) {
            System.out.printf("RUN %.1f%n", bench.run(kase, impl, i));
            if (cpuPerGib >= 0) {
                System.out.printf("CPU %.4f%n", cpuPerGib);
                cpuPerGib = -1;
            }
        }
        System.out.printf("MEM heap=%d rss=%d%n", peakHeap() >> 20, peakRssKib() >> 10);
    }

    private double run(String kase, String impl, int index) throws Exception {
        return switch (kase + " " + impl) {
            case "get-ftp inetkit" -> mbps(() -> { try (FtpSession s = ftp(internet())) {
                    return drain(s.openRead(extra[0], TransferType.BINARY)); } });
            case "get-ftp raw" -> mbps(() -> rawFtpGet(extra[0]));
            case "get-ftp-file inetkit" -> mbps(() -> { try (FtpSession s = ftp(internet())) {
                    return getToFile(target -> s.get(extra[0], target)); } });
            case "get-ftp-file raw" -> mbps(() -> rawFtpGetToFile(extra[0]));
            case "get-http inetkit" -> mbps(() -> { try (HttpSession s = http(internet())) {
                    return httpGet(s, extra[0]); } });
            case "get-http raw" -> mbps(() -> rawHttpGet(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(),
                    extra[0]));
            case "get-http-gzip inetkit" -> mbps(() -> { try (HttpSession s = http(internet())) {
                    return httpGet(s, extra[0]); } });
            case "get-http-gzip raw" -> mbps(() -> rawHttpGetGzip(extra[0]));
            case "get-gopher inetkit" -> mbps(() -> { try (GopherSession s = gopher(internet())) {
                    return drain(s.open(extra[0], GopherItemType.BINARY)); } });
            case "get-gopher raw" -> mbps(() -> rawGopherGet(extra[0]));
            case "get-gopher-file inetkit" -> mbps(() -> { try (GopherSession s = gopher(internet())) {
                    return getToFile(target -> s.get(extra[0], GopherItemType.BINARY, target)); } });
            case "get-gopher-file raw" -> mbps(() -> getToFile(target -> rawGopherGetToFile(extra[0], target)));
            case "small-ftp inetkit" -> opsPerSecond(() -> smallFtp());
            case "small-ftp raw" -> opsPerSecond(() -> smallRawFtp());
            case "small-http inetkit" -> opsPerSecond(() -> smallHttp());
            case "small-http raw" -> opsPerSecond(() -> smallRawHttp());
            case "small-http-warm inetkit" -> warmSmallHttp();
            case "small-http-warm raw" -> warmSmallRawHttp();
            case "small-gopher inetkit" -> opsPerSecond(() -> smallGopher());
            case "small-gopher raw" -> opsPerSecond(() -> smallRawGopher());
            case "put-ftp inetkit" -> mbps(() -> putFtp(index));
            case "put-ftp raw" -> mbps(() -> putRawFtp(index));
            case "put-http inetkit" -> mbps(() -> putHttp(index));
            case "put-http raw" -> mbps(() -> putRawHttp(index));
            case "concurrent-ftp inetkit", "concurrent-http inetkit", "concurrent-gopher inetkit",
                    "concurrent-ftp raw", "concurrent-http raw", "concurrent-gopher raw" ->
                    concurrent(kase.substring("concurrent-".length()), impl.equals("raw"));
            case "cache-hit inetkit" -> warmCached("/cached/f");
            case "cache-304 inetkit" -> warmCached("/revalidated/f");
            case "cache-big inetkit" -> cachedBig(extra[0]);
            case "connect-ftp reuse", "connect-ftp new" -> connects(Service.FTP, impl.equals("reuse"));
            case "connect-http reuse", "connect-http new" -> connects(Service.HTTP, impl.equals("reuse"));
            default -> throw new IllegalArgumentException("unknown case " + kase + " " + impl);
        };
    }

    // ------------------------------------------------------------------ timing

    private interface Bytes {
        long transfer() throws Exception;
    }

    private interface Ops {
        int perform() throws Exception;
    }

    private static double mbps(Bytes transfer) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long bytes = transfer.transfer();
        double seconds = (System.nanoTime() - start) / 1e9;
        // The whole JVM's CPU, its JIT and collector included, as curl's time counts all of curl.
        cpuPerGib = (OS.getProcessCpuTime() - cpu) / 1e9 / (bytes / (double) (1L << 30));
        return bytes / 1e6 / seconds;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU seconds per GiB of the last {@link #mbps} run, or -1 when the run was of another kind. */
    private static double cpuPerGib = -1;

    private static double opsPerSecond(Ops ops) throws Exception {
        long start = System.nanoTime();
        int count = ops.perform();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private interface Download {
        void to(Path target) throws Exception;
    }

    /**
     * Downloads into a new file in the directory {@code extra[1]} (on /dev/shm, so that the disk is
     * not what is measured), and deletes it after the run: the bytes are those of the file.
     */
    private long getToFile(Download download) throws Exception {
        Path target = Path.of(extra[1]).resolve("bench-get-" + System.nanoTime() + ".bin");
        try {
            download.to(target);
            return Files.size(target);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    private long drain(InputStream stream) throws IOException {
        byte[] buffer = buffers.get();
        long total = 0;
        try (InputStream in = stream) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    // ------------------------------------------------------------------ inetkit

    /**
     * {@code -Dbench.zeroCopy=true} turns on the builder's zero-copy, {@code -Dbench.contentDecoding=false}
     * turns off content decoding (and with it the stage's work), for A/B runs.
     */
    private static Internet internet() {
        return Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).writeTimeout(TIMEOUT)
                .zeroCopy(Boolean.getBoolean("bench.zeroCopy"))
                .contentDecoding(!"false".equals(System.getProperty("bench.contentDecoding"))).build();
    }

    private FtpSession ftp(Internet internet, ConnectFlag... flags) throws Exception {
        return internet.connect(ConnectRequest.newBuilder(Service.FTP, host).port(ftpPort)
                .flags(with(ConnectFlag.PASSIVE, flags)).build());
    }

    private HttpSession http(Internet internet, ConnectFlag... flags) throws Exception {
        return internet.connect(ConnectRequest.newBuilder(Service.HTTP, host).port(httpPort).flags(flags).build());
    }

    private GopherSession gopher(Internet internet) throws Exception {
        return internet.connect(ConnectRequest.newBuilder(Service.GOPHER, host).port(gopherPort).build());
    }

    private static ConnectFlag[] with(ConnectFlag first, ConnectFlag... rest) {
        ConnectFlag[] all = java.util.Arrays.copyOf(rest, rest.length + 1);
        all[rest.length] = first;
        return all;
    }

    private long httpGet(HttpSession session, String path) throws Exception {
        try (HttpResponse response = session.send(HttpRequest.newBuilder(path).expectSuccess().build())) {
            return drain(response.body());
        }
    }

    /** The small files are small0 … small199 in the server's root ({@code extra[0]} is the count). */
    private int smallCount() {
        return Integer.parseInt(extra[0]);
    }

    private int smallFtp() throws Exception {
        try (Internet internet = internet(); FtpSession session = ftp(internet)) {
            for (int i = 0; i < smallCount(); i++) {
                drain(session.openRead("small/f" + i, TransferType.BINARY));
            }
        }
        return smallCount();
    }

    private int smallHttp() throws Exception {
        try (Internet internet = internet(); HttpSession session = http(internet)) {
            for (int i = 0; i < smallCount(); i++) {
                httpGet(session, "/small/f" + i);
            }
        }
        return smallCount();
    }

    /** One request of a warm run. */
    private interface Get {
        void get(String path) throws Exception;
    }

    /** Whether the warm session (or client) has had its untimed requests. */
    private boolean warmedUp;

    /**
     * The per-request rate alone: one Internet and session for all runs, and before the first run
     * untimed requests ({@link #WARM_UP} and {@link #WARM_UP_NANOS}, the later of the two), so the
     * Internet, the first connection and the JIT are paid for before the clock starts; then each run
     * makes whole passes over the files for at least {@link #WARM_RUN_NANOS}. small-http times them
     * all, as an application that fetches 200 files once and exits would see them.
     */
    private double warmRuns(String prefix, Get get) throws Exception {
        Ops run = () -> {
            int count = 0;
            long end = System.nanoTime() + WARM_RUN_NANOS;
            do {
                for (int i = 0; i < smallCount(); i++) {
                    get.get(prefix + i);
                }
                count += smallCount();
            } while (System.nanoTime() - end < 0);
            return count;
        };
        if (!warmedUp) {
            long end = System.nanoTime() + WARM_UP_NANOS;
            for (int i = 0; i < WARM_UP || System.nanoTime() - end < 0; i++) {
                get.get(prefix + i % smallCount());
            }
            // On a busy machine the JIT finishes later: untimed runs until two in a row agree within
            // 10%, for at most WARM_UP_LIMIT_NANOS more.
            long limit = System.nanoTime() + WARM_UP_LIMIT_NANOS;
            double last = opsPerSecond(run);
            for (double rate; System.nanoTime() - limit < 0; last = rate) {
                rate = opsPerSecond(run);
                if (Math.abs(rate - last) <= 0.1 * last) {
                    break;
                }
            }
            warmedUp = true;
        }
        return opsPerSecond(run);
    }

    private double warmSmallHttp() throws Exception {
        if (warmSession == null) {
            warmInternet = internet();
            warmSession = http(warmInternet);
        }
        return warmRuns("/small/f", path -> httpGet(warmSession, path));
    }

    /**
     * {@link #warmSmallHttp} on a session with an HTTP cache (under /dev/shm, made afresh for the
     * process), over files whose responses it may keep: from {@code /cached/} (nginx's
     * {@code expires 1h}) each request is a hit, from {@code /revalidated/} ({@code no-cache}) a
     * 304 served from the cache.
     */
    private double warmCached(String prefix) throws Exception {
        if (warmSession == null) {
            warmInternet = cachedInternet();
            warmSession = http(warmInternet);
        }
        return warmRuns(prefix, path -> httpGet(warmSession, path));
    }

    /** The large file read from the cache, stored by an untimed first fetch. */
    private double cachedBig(String path) throws Exception {
        if (warmSession == null) {
            warmInternet = cachedInternet();
            warmSession = http(warmInternet);
            httpGet(warmSession, path);
        }
        return mbps(() -> httpGet(warmSession, path));
    }

    private static Internet cachedInternet() throws java.io.IOException {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/dev/shm"),
                "inetkit-bench-cache-");
        // The process's cache goes with it: a benchmark leaves nothing in /dev/shm.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (java.io.IOException e) {
                System.err.println("cannot remove " + folder + ": " + e);
            }
        }));
        return Internet.newBuilder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).writeTimeout(TIMEOUT)
                .httpCache(io.inetkit.http.HttpCache.onDisk(folder, 2L << 30)).build();
    }

    /** {@link #warmSmallHttp} with java.net.http: one client for all runs, warmed up the same. */
    private double warmSmallRawHttp() throws Exception {
        if (warmClient == null) {
            warmClient = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        }
        return warmRuns("/small/f", path -> rawHttpGet(warmClient, path));
    }

    private int smallGopher() throws Exception {
        try (Internet internet = internet(); GopherSession session = gopher(internet)) {
            for (int i = 0; i < smallCount(); i++) {
                drain(session.open("/small/f" + i, GopherItemType.BINARY));
            }
        }
        return smallCount();
    }

    private long putFtp(int index) throws Exception {
        Path file = Path.of(extra[0]);
        try (Internet internet = internet(); FtpSession session = ftp(internet)) {
            session.put(file, "upload/inetkit" + index);
        }
        return Files.size(file);
    }

    private long putHttp(int index) throws Exception {
        Path file = Path.of(extra[0]);
        try (Internet internet = internet(); HttpSession session = http(internet);
             HttpResponse response = session.send(HttpRequest.newBuilder("/upload/inetkit" + index).method("PUT")
                     .body(RequestBody.ofFile(file)).expectSuccess().build())) {
            drain(response.body());
        }
        return Files.size(file);
    }

    /**
     * 64 sessions (extra[0]) at once, each reading its own 1 MiB file; errors go to stderr. Raw:
     * an FTPClient or a socket each, and one shared HttpClient as inetkit shares one per Internet.
     */
    private double concurrent(String protocol, boolean raw) throws Exception {
        HttpClient shared = raw && protocol.equals("http")
                ? HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build() : null;
        int sessions = Integer.parseInt(extra[0]);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try (Internet internet = internet()) {
            List<Future<?>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    try {
                        long got = raw ? switch (protocol) {
                            case "ftp" -> rawFtpGet("mid/m" + n);
                            case "http" -> rawHttpGet(shared, "/mid/m" + n);
                            default -> rawGopherGet("/mid/m" + n);
                        } : switch (protocol) {
                            case "ftp" -> { try (FtpSession s = ftp(internet)) {
                                    yield drain(s.openRead("mid/m" + n, TransferType.BINARY)); } }
                            case "http" -> { try (HttpSession s = http(internet);
                                    HttpResponse r = s.send(HttpRequest.newBuilder("/mid/m" + n).expectSuccess().build())) {
                                    yield drain(r.body()); } }
                            default -> { try (GopherSession s = gopher(internet)) {
                                    yield drain(s.open("/mid/m" + n, GopherItemType.BINARY)); } }
                        };
                        bytes.addAndGet(got);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        System.err.println("session " + n + ": " + e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("ERRORS " + errors.get());
            return bytes.get() / 1e6 / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Connects (extra[0] of them) per second. FTP: connect (log in) and close. HTTP connects
     * lazily, so each connect also fetches a small file. With reuse, an anchor session stays open
     * and every connect asks for EXISTING_CONNECT.
     */
    private double connects(Service<?> service, boolean reuse) throws Exception {
        int count = Integer.parseInt(extra[0]);
        ConnectFlag[] flags = reuse ? new ConnectFlag[] {ConnectFlag.EXISTING_CONNECT} : new ConnectFlag[0];
        try (Internet internet = internet();
             Session anchor = reuse ? (service == Service.FTP ? ftp(internet, flags) : http(internet, flags)) : null) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (service == Service.FTP) {
                    try (FtpSession s = ftp(internet, flags)) {
                        s.pwd();
                    }
                } else {
                    try (HttpSession s = http(internet, flags)) {
                        httpGet(s, "/small/f" + (i % 200));
                    }
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    // ------------------------------------------------------------------ raw libraries

    private FTPClient rawFtp() throws IOException {
        FTPClient client = new FTPClient();
        client.setConnectTimeout((int) TIMEOUT.toMillis());
        client.setDefaultTimeout((int) TIMEOUT.toMillis());
        client.setBufferSize(BUFFER);
        // Knobs for experiments (what the FTP provider sets differently); unset by bench/run.
        int socketBuffer = Integer.getInteger("bench.ftp.socketBuffer", 0);
        if (socketBuffer > 0) {
            client.setReceieveDataSocketBufferSize(socketBuffer);
            client.setSendDataSocketBufferSize(socketBuffer);
        }
        long keepAlive = Long.getLong("bench.ftp.keepAliveSeconds", 0);
        if (keepAlive > 0) {
            client.setControlKeepAliveTimeout(Duration.ofSeconds(keepAlive));
        }
        client.connect(host, ftpPort);
        client.setSoTimeout((int) TIMEOUT.toMillis());
        if (!FTPReply.isPositiveCompletion(client.getReplyCode()) || !client.login("anonymous", "bench@")) {
            throw new IOException("FTP login failed: " + client.getReplyString());
        }
        client.enterLocalPassiveMode();
        client.setFileType(FTP.BINARY_FILE_TYPE);
        return client;
    }

    private long rawFtpGet(FTPClient client, String path) throws IOException {
        // Knob for experiments: the provider asks SIZE before RETR to detect cut transfers.
        if (Boolean.getBoolean("bench.ftp.sizeFirst") && !FTPReply.isPositiveCompletion(client.sendCommand("SIZE", path))) {
            throw new IOException("SIZE " + path + ": " + client.getReplyString());
        }
        InputStream in = client.retrieveFileStream(path);
        if (in == null) {
            throw new IOException("RETR " + path + ": " + client.getReplyString());
        }
        long total = drain(in);
        if (!client.completePendingCommand()) {
            throw new IOException("RETR " + path + ": " + client.getReplyString());
        }
        return total;
    }

    private long rawFtpGet(String path) throws IOException {
        FTPClient client = rawFtp();
        try {
            return rawFtpGet(client, path);
        } finally {
            client.disconnect();
        }
    }

    /** Commons Net's retrieveFile into a FileOutputStream, copied through its 1 MiB buffer. */
    private long rawFtpGetToFile(String path) throws Exception {
        FTPClient client = rawFtp();
        try {
            return getToFile(target -> {
                try (OutputStream out = Files.newOutputStream(target)) {
                    if (!client.retrieveFile(path, out)) {
                        throw new IOException("RETR " + path + ": " + client.getReplyString());
                    }
                }
            });
        } finally {
            client.disconnect();
        }
    }

    private int smallRawFtp() throws IOException {
        FTPClient client = rawFtp();
        try {
            for (int i = 0; i < smallCount(); i++) {
                rawFtpGet(client, "small/f" + i);
            }
        } finally {
            client.disconnect();
        }
        return smallCount();
    }

    private long putRawFtp(int index) throws IOException {
        Path file = Path.of(extra[0]);
        FTPClient client = rawFtp();
        try (InputStream in = Files.newInputStream(file)) {
            if (!client.storeFile("upload/raw" + index, in)) {
                throw new IOException("STOR: " + client.getReplyString());
            }
        } finally {
            client.disconnect();
        }
        return Files.size(file);
    }

    private long rawHttpGet(HttpClient client, String path) throws Exception {
        java.net.http.HttpResponse<InputStream> response = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://" + host + ":" + httpPort + path)).timeout(TIMEOUT).build(), BodyHandlers.ofInputStream());
        long total = drain(response.body());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + response.statusCode());
        }
        return total;
    }

    /** java.net.http, which decodes nothing, with the JDK's GZIPInputStream: the raw library's way. */
    private long rawHttpGetGzip(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        java.net.http.HttpResponse<InputStream> response = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://" + host + ":" + httpPort + path)).header("Accept-Encoding", "gzip")
                .timeout(TIMEOUT).build(), BodyHandlers.ofInputStream());
        if (response.statusCode() != 200 || !response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.headers().map());
        }
        return drain(new java.util.zip.GZIPInputStream(response.body(), 64 * 1024));
    }

    private int smallRawHttp() throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1);
        // Knob for experiments: the provider gives java.net.http an executor of its own.
        if (Boolean.getBoolean("bench.http.executor")) {
            builder.executor(Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r);
                thread.setDaemon(true);
                return thread;
            }));
        }
        HttpClient client = builder.build();
        for (int i = 0; i < smallCount(); i++) {
            rawHttpGet(client, "/small/f" + i);
        }
        return smallCount();
    }

    private long putRawHttp(int index) throws Exception {
        Path file = Path.of(extra[0]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpResponse<Void> response = client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://" + host + ":" + httpPort + "/upload/raw" + index)).timeout(TIMEOUT)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(file)).build(), BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT: " + response.statusCode());
        }
        return Files.size(file);
    }

    private long rawGopherGet(String selector) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, gopherPort), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((selector + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return drain(socket.getInputStream());
        }
    }

    /** A plain socket's stream copied into a FileOutputStream through the 1 MiB buffer, as Commons Net's retrieveFile does. */
    private void rawGopherGetToFile(String selector, Path target) throws IOException {
        try (Socket socket = new Socket(); OutputStream file = Files.newOutputStream(target)) {
            socket.connect(new InetSocketAddress(host, gopherPort), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((selector + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = buffers.get();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                file.write(buffer, 0, n);
            }
        }
    }

    private int smallRawGopher() throws IOException {
        for (int i = 0; i < smallCount(); i++) {
            rawGopherGet("/small/f" + i);
        }
        return smallCount();
    }

    // ------------------------------------------------------------------ memory

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long peakRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
