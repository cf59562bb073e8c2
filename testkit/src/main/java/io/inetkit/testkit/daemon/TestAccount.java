package io.inetkit.testkit.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The local account {@link Sshd#USER}: a system user without a shell or home, with the password
 * {@link Sshd#PASSWORD}, made on first use. sshd logs users in by the system's accounts only.
 */
final class TestAccount {

    private static boolean ready;

    private TestAccount() {
    }

    /** Makes the account if missing and sets its password; skips the test (fails under CI) unless root. */
    static synchronized void ensure() throws IOException, InterruptedException {
        if (ready) {
            return;
        }
        if (!ProxyLog.runsAsRoot()) {
            String message = "Sshd needs root to make the account " + Sshd.USER + " and to run sshd";
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        if (!exists()) {
            Path useradd = SystemDaemon.require("useradd", "passwd");
            try {
                // No shell: a known password must not give a login to a system sshd.
                Sshd.run(List.of(useradd.toString(), "--system", "--no-create-home", "--home-dir", "/",
                        "--shell", "/usr/sbin/nologin", Sshd.USER));
            } catch (IOException e) {
                if (!exists()) {
                    throw e;
                }
                // Another JVM made it meanwhile.
            }
        }
        Path chpasswd = SystemDaemon.require("chpasswd", "passwd");
        IOException last = null;
        // Another JVM may hold the lock on /etc/shadow for a moment.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Sshd.run(List.of(chpasswd.toString()), Sshd.USER + ":" + Sshd.PASSWORD + "\n");
                ready = true;
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    private static boolean exists() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(Sshd.USER + ":"));
    }
}
