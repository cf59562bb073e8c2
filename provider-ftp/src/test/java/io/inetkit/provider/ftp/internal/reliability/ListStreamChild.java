package io.inetkit.provider.ftp.internal.reliability;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The child JVM of {@link FtpListStreamTest#aMillionEntriesStreamInABoundedHeap}: counts the
 * entries of the listing of the server on the port it is given, through {@code listStream}, and
 * prints {@code counted N}.
 */
final class ListStreamChild {

    static final String COUNTED = "counted ";

    private ListStreamChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Internet internet = Internet.newBuilder().readTimeout(Duration.ofSeconds(30)).build();
             FtpSession session = internet.connect(ConnectRequest.newBuilder(Service.FTP, "127.0.0.1")
                     .port(Integer.parseInt(args[0])).user("u").password("p").flags(ConnectFlag.PASSIVE).build());
             Stream<FtpEntry> entries = session.listStream()) {
            System.out.print(COUNTED + entries.count() + "\n");
        }
    }
}
