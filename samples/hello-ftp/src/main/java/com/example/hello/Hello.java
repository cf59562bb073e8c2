package com.example.hello;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.ftp.FtpSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code hello HOST PORT FILE}: lists an FTP server's root and downloads one file of it. */
public final class Hello {

    private Hello() {
    }

    /** Lists the root of the server and downloads {@code remoteFile} to {@code localFile}; returns the names listed. */
    public static List<String> listAndGet(String host, int port, String remoteFile, Path localFile)
            throws InternetException {
        try (Internet internet = Internet.newBuilder()
                     .connectTimeout(Duration.ofSeconds(10))
                     .build();
             FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, host)
                     .port(port)
                     .flags(ConnectFlag.PASSIVE)
                     .build())) {
            List<String> names = new ArrayList<>();
            for (FtpEntry entry : ftp.list()) {
                names.add(entry.name());
            }
            ftp.get(remoteFile, localFile);
            return names;
        }
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[2]).getFileName();
            List<String> names = listAndGet(args[0], Integer.parseInt(args[1]), args[2], file);
            System.out.println("listed " + String.join(", ", names) + "; saved " + file);
        } catch (InternetException e) {
            // One checked exception, with WinINet's error and the server's own words.
            System.err.println(e.error() + ": " + e.getMessage());
            e.serverReply().ifPresent(reply -> System.err.println("server said: " + reply));
            System.exit(1);
        }
    }
}
