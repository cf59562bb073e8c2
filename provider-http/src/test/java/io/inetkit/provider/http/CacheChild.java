package io.inetkit.provider.http;

import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.http.HttpCache;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Another process on the cache's folder, for {@link CacheProcessesTest}: fetches each target from
 * the server through the cache and prints {@code TARGET RESULT SHA-256}, and {@code READING} once
 * a body is a MiB in, so that the test can kill it mid-write.
 */
public final class CacheChild {

    private CacheChild() {
    }

    /**
     * @param args the cache folder, the server's port, then the targets
     */
    public static void main(String[] args) throws Exception {
        try (Internet internet = Internet.newBuilder().httpCache(HttpCache.onDisk(Path.of(args[0]), 1L << 30)).build();
             HttpSession http = internet.connect(ConnectRequest.newBuilder(Service.HTTP, "127.0.0.1")
                     .port(Integer.parseInt(args[1])).build())) {
            for (int i = 2; i < args.length; i++) {
                try (HttpResponse response = http.send(HttpRequest.get(args[i])); InputStream in = response.body()) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    boolean said = false;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                        total += n;
                        if (!said && total >= 1 << 20) {
                            System.out.println("READING");
                            System.out.flush();
                            said = true;
                        }
                    }
                    System.out.println(args[i] + " " + response.cacheResult() + " " + HexFormat.of().formatHex(sha.digest()));
                }
            }
        }
    }
}
