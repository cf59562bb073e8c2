package com.example.hello;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ftp.FtpSession;
import java.nio.file.Path;
import java.time.Duration;

/** The README's first example, compiled here: a nightly upload over explicit FTPS, with status events. */
final class Backup {

    private Backup() {
    }

    static void upload(String secret) {
        try (Internet internet = Internet.newBuilder()
                     .connectTimeout(Duration.ofSeconds(10))
                     .statusListener(event -> System.err.println(event))
                     .build();
             FtpSession ftp = internet.connect(ConnectRequest.newBuilder(Service.FTP, "ftp.example.org")
                     .user("joe").password(secret)
                     .flags(ConnectFlag.PASSIVE, ConnectFlag.START_TLS)
                     .context("nightly-backup")            // handed back in every status event
                     .build())) {
            ftp.put(Path.of("db.dump"), "backups/db.dump");
        } catch (InternetException e) {
            // One checked exception with WinINet's code: ERROR_INTERNET_LOGIN_FAILURE (12015), ...
            System.err.println(e.error() + ": " + e.getMessage());
            e.serverReply().ifPresent(System.err::println);
        }
    }
}
