import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A far, slow line in front of nginx and vsftpd, for bench/run's segments rows: testkit's
 * {@link FaultProxy} with the same latency each way and the same bandwidth per connection, one
 * proxy for HTTP, one for FTP's control connection and one for each of vsftpd's passive ports, so
 * that every data connection crosses the line too. The control proxy rewrites the 227 and 229
 * replies to name the data proxy of the port vsftpd chose. Prints {@code http=PORT}, {@code ftp=PORT}
 * and {@code ready}, then serves until standard input closes.
 * Usage: java -cp ... SlowLink LATENCY_MS_EACH_WAY BYTES_PER_SECOND HTTP_PORT FTP_PORT PASV_MIN PASV_MAX
 */
public final class SlowLink {

    private static final Pattern PASV = Pattern.compile("^227 (.*)\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)(.*)$");
    private static final Pattern EPSV = Pattern.compile("^229 (.*)\\(\\|\\|\\|(\\d+)\\|\\)(.*)$");

    public static void main(String[] args) throws Exception {
        Duration latency = Duration.ofMillis(Long.parseLong(args[0]));
        long bandwidth = Long.parseLong(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        int ftpPort = Integer.parseInt(args[3]);
        int pasvMin = Integer.parseInt(args[4]);
        int pasvMax = Integer.parseInt(args[5]);
        List<FaultProxy> proxies = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(proxies)));

        FaultProxy http = slow(to(httpPort), latency, bandwidth);
        proxies.add(http);
        http.start();
        Map<Integer, Integer> dataPorts = new HashMap<>();
        for (int port = pasvMin; port <= pasvMax; port++) {
            FaultProxy data = slow(to(port), latency, bandwidth);
            proxies.add(data);
            data.start();
            dataPorts.put(port, data.port());
        }
        FaultProxy ftp = slow(to(ftpPort), latency, bandwidth)
                .fault(Fault.rewriteLines(Direction.DOWNSTREAM, line -> passive(line, dataPorts)));
        proxies.add(ftp);
        ftp.start();

        System.out.println("http=" + http.port());
        System.out.println("ftp=" + ftp.port());
        System.out.println("ready");
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        closeAll(proxies);
    }

    private static InetSocketAddress to(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static FaultProxy slow(InetSocketAddress target, Duration latency, long bandwidth) {
        return FaultProxy.to(target)
                .latency(Direction.UPSTREAM, latency).latency(Direction.DOWNSTREAM, latency)
                .bandwidth(Direction.UPSTREAM, bandwidth).bandwidth(Direction.DOWNSTREAM, bandwidth);
    }

    /** The line with a passive reply's port swapped for its proxy's; other lines as they are. */
    static String passive(String line, Map<Integer, Integer> dataPorts) {
        Matcher pasv = PASV.matcher(line);
        if (pasv.matches()) {
            int port = Integer.parseInt(pasv.group(6)) * 256 + Integer.parseInt(pasv.group(7));
            int proxied = proxied(port, dataPorts);
            return "227 " + pasv.group(1) + "(" + pasv.group(2) + "," + pasv.group(3) + "," + pasv.group(4) + ","
                    + pasv.group(5) + "," + (proxied >> 8) + "," + (proxied & 0xff) + ")" + pasv.group(8);
        }
        Matcher epsv = EPSV.matcher(line);
        if (epsv.matches()) {
            int proxied = proxied(Integer.parseInt(epsv.group(2)), dataPorts);
            return "229 " + epsv.group(1) + "(|||" + proxied + "|)" + epsv.group(3);
        }
        return line;
    }

    private static int proxied(int port, Map<Integer, Integer> dataPorts) {
        Integer proxied = dataPorts.get(port);
        if (proxied == null) {
            // A data connection around the line would make the figures wrong: fail it instead.
            System.err.println("SlowLink: vsftpd offered passive port " + port + ", outside its range");
            return 1;
        }
        return proxied;
    }

    private static void closeAll(List<FaultProxy> proxies) {
        for (FaultProxy proxy : proxies) {
            try {
                proxy.close();
            } catch (Exception ignored) {
                // Closing on the way out: nothing more to do.
            }
        }
    }
}
