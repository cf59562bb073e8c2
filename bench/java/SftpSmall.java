import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.sftp.SftpOptions;
import io.inetkit.sftp.SftpSession;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * bench/run's sftp small-files rows for inetkit: the files f0 .. f(N-1) of a folder, read one after
 * another over one SFTP session, as curl's URL glob and OpenSSH's {@code get small/*} read them.
 * The command takes one URL a run, so this is the library, run on the image's own runtime. Each
 * round makes a new {@code Internet} and session, connect and login included, as the other columns
 * do; the first round pays for the classes' loading and the compiler's warm-up, the later ones are
 * what an application that has connected before pays. Prints each round's files per second, a line
 * each, the first round's first.
 * Usage: IMAGE/bin/java -cp ... SftpSmall PORT USER KEY KNOWN_HOSTS FOLDER COUNT [ROUNDS]
 */
public final class SftpSmall {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[5]);
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        for (int round = 0; round < rounds; round++) {
            System.out.printf("%.1f%n", count / (round(args, count) / 1e9));
        }
    }

    /** One round's nanoseconds: a new Internet and session, and every file read. */
    private static long round(String[] args, int count) throws Exception {
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
        return System.nanoTime() - started;
    }
}
