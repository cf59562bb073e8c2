import io.inetkit.testkit.daemon.Sshd;
import java.nio.file.Path;

/**
 * OpenSSH's sshd serving SFTP, for bench/run's sftp rows, through testkit's {@link Sshd}: prints
 * its settings as {@code name=value} lines, then serves until standard input closes.
 * Usage: java -cp ... SftpServer DIR
 */
public final class SftpServer {

    public static void main(String[] args) throws Exception {
        // One kind of host key: libssh2 (curl) and OpenSSH then agree on the one to pin.
        try (Sshd sshd = Sshd.newBuilder().hostKeys(Sshd.KeyType.ED25519).start(Path.of(args[0]))) {
            // bench/run's clean-up ends this JVM by SIGTERM; sshd must not outlive it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    sshd.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.out.println("port=" + sshd.port());
            System.out.println("user=" + sshd.user());
            System.out.println("key=" + sshd.privateKey(Sshd.KeyType.ED25519));
            System.out.println("known_hosts=" + sshd.knownHosts());
            System.out.println("pin=" + java.util.Base64.getEncoder().encodeToString(
                    sshd.hostKeySha256(Sshd.KeyType.ED25519)));
            System.out.println("root=" + sshd.root());
            System.out.println("log=" + sshd.logFile());
            System.out.println("ready");
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
