import io.inetkit.testkit.script.Reply;
import io.inetkit.testkit.script.ScriptedFtpServer;

/**
 * An FTP server whose listing has N entries, for bench/run's listing row: prints its port, serves
 * until standard input closes. Usage: java -cp ... ListingServer N
 */
public final class ListingServer {

    public static void main(String[] args) throws Exception {
        long entries = Long.parseLong(args[0]);
        try (ScriptedFtpServer ftp = ScriptedFtpServer.create()) {
            ftp.data(Reply.lines(entries, i -> "-rw-r--r--   1 ftp      ftp          4096 Jan 01  2026 file-" + i + ".txt\r\n"));
            ftp.reply("EPRT", "200 ok\r\n");
            ftp.start();
            System.out.println(ftp.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
