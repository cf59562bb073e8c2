import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * bench/run's sftp small-files row for inetkit: the files f0 .. f(N-1) of a folder, read one after
 * another over one SFTP session, as curl's URL glob and OpenSSH's {@code get small/*} read them.
 * The command takes one URL a run, so this is the library, run on the image's own runtime. Prints
 * the files per second of the whole run, connect and login included, as the other columns'.
 * Usage: IMAGE/bin/java -cp ... SftpSmall PORT USER KEY KNOWN_HOSTS FOLDER COUNT
 */
public final class SftpSmall {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[5]);
        byte[] buffer = new byte[64 * 1024];
        long started = System.nanoTime();
        try (Internet internet = Internet.create();
             SftpSession sftp = internet.connect(ConnectRequest.newBuilder(Service.SFTP, "127.0.0.1")
                     .port(Integer.parseInt(args[0])).user(args[1])
                     .option(SftpOptions.newBuilder().identity(Path.of(args[2])).knownHosts(Path.of(args[3])).build())
                     .build())) {
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                try (InputStream in = sftp.openRead(args[4] + "/f" + i)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        bytes += n;
                    }
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("no bytes read");
            }
        }
        System.out.printf("%.1f%n", count / ((System.nanoTime() - started) / 1e9));
    }
}
