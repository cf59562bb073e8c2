package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code inetkit demo}: starts testkit's FTP, HTTP and Gopher servers on loopback, runs the
 * commands a newcomer would try against them, printing each, and stops them. Needs no network.
 */
final class DemoCommand extends CliCommand {

    private static final String FTP = "io.inetkit.testkit.ftp.TestFtpServer";
    private static final String HTTP = "io.inetkit.testkit.http.TestHttpServer";
    private static final String GOPHER = "io.inetkit.testkit.gopher.TestGopherServer";

    private boolean serve;

    DemoCommand() {
        super("demo", "Start FTP, HTTP and Gopher servers on loopback and walk through ls, get and a Gopher menu"
                + " against them; nothing is left running.");
    }

    @Override
    List<ArgSpec> arguments() {
        return List.of(CommandModel.option(this, "serve", "--serve")
                .description("Keep the servers running after the walk-through, for your own tries, until"
                        + " Ctrl-C or SIGTERM.").build());
    }

    @Override
    public Integer call() throws Exception {
        DemoServers servers = DemoServers.find().orElseThrow(() -> new InternetException(InternetError.NOT_SUPPORTED,
                "this image has no demo: it was linked for an application (-Dinetkit.providers or"
                        + " -Dinetkit.demo=false); the default image, cli/target/inetkit, carries it in lib/demo"));
        // Apache FtpServer warns about its passive ports in routine use; the demo shows clean output.
        LogSetup.onlyErrors("org.apache.ftpserver");
        LogSetup.onlyErrors("org.apache.mina");
        Path dir = Files.createTempDirectory("inetkit-demo-");
        List<AutoCloseable> running = new ArrayList<>();
        try {
            Path served = content(dir.resolve("served"));
            Path downloads = Files.createDirectory(dir.resolve("downloads"));
            String ftp = "ftp://127.0.0.1:" + started(servers, FTP, served, running);
            String http = "http://127.0.0.1:" + started(servers, HTTP, served, running);
            String gopher = "gopher://127.0.0.1:" + started(servers, GOPHER, served, running);
            out.println("inetkit demo: real servers on loopback, and the commands that talk to them.");
            out.println();
            out.println("Serving " + served + " (readme.txt, pub/hello.txt, pub/numbers.bin) with");
            out.println("  FTP     " + ftp + "/     Apache MINA FtpServer, anonymous read");
            out.println("  HTTP    " + http + "/     the JDK's HTTP server");
            out.println("  Gopher  " + gopher + "/     testkit's RFC 1436 server");
            int failures = 0;
            failures += step(out, err, "1. An FTP directory listing", "ls", ftp + "/pub/");
            Path hello = downloads.resolve("hello.txt");
            failures += step(out, err, "2. An FTP download", "get", ftp + "/pub/hello.txt", "-o", hello.toString());
            show(out, hello);
            Path readme = downloads.resolve("readme.txt");
            failures += step(out, err, "3. An HTTP GET", "get", http + "/readme.txt", "-o", readme.toString());
            show(out, readme);
            failures += step(out, err, "4. A Gopher menu", "ls", gopher + "/1/pub");
            failures += step(out, err, "5. An error, as scripts see it (nothing listens on port 1)",
                    "get", "--timeout", "5", "gopher://127.0.0.1:1/0/x") == 0 ? 1 : 0;
            out.println();
            out.println(failures == 0 ? "Done: every step did what it should." : failures + " step(s) failed.");
            out.flush();
            if (serve) {
                return serveUntilStopped(ftp, http, gopher);
            }
            return failures == 0 ? 0 : ExitStatus.FAILED;
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            deleteRecursively(dir);
            out.println("Stopped the servers and removed " + dir + ".");
            out.flush();
        }
    }

    /**
     * Waits for Ctrl-C or SIGTERM, then claims the stop's report in time, before the halt path
     * would end the process, so that the servers stop and the folder goes as after the walk-through.
     */
    private int serveUntilStopped(String ftp, String http, String gopher) throws InterruptedException {
        out.println();
        out.println("Serving until Ctrl-C or SIGTERM: try " + ftp + "/, " + http + "/readme.txt, " + gopher + "/");
        out.flush();
        while (stop.reason() == null) {
            Thread.sleep(50);
        }
        stop.claimReport();
        return stop.reason().status();
    }

    private static int started(DemoServers servers, String type, Path root, List<AutoCloseable> running)
            throws Exception {
        AutoCloseable server = servers.start(type, root);
        running.add(server);
        return DemoServers.port(server);
    }

    /** Runs one command as a user would type it; returns 1 if it failed, 0 if not. */
    private static int step(PrintWriter out, PrintWriter err, String title, String... args) {
        out.println();
        out.println(title);
        out.println("$ inetkit " + String.join(" ", args));
        out.flush();
        // Its error line goes to standard output too, so that the walk-through reads in order.
        int status = Main.run(args, out, out);
        out.println("(exit status " + status + ")");
        out.flush();
        err.flush();
        return status == 0 ? 0 : 1;
    }

    private static void show(PrintWriter out, Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            out.println("  " + file.getFileName() + ", " + Files.size(file) + " bytes: "
                    + TerminalText.line(Files.readString(file, StandardCharsets.UTF_8).strip()));
        }
    }

    private static Path content(Path served) throws IOException {
        Files.createDirectories(served.resolve("pub"));
        Files.writeString(served.resolve("readme.txt"), "Welcome to the inetkit demo, served over HTTP.\n");
        Files.writeString(served.resolve("pub").resolve("hello.txt"), "Hello over FTP and Gopher.\n");
        byte[] numbers = new byte[4096];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = (byte) i;
        }
        Files.write(served.resolve("pub").resolve("numbers.bin"), numbers);
        return served;
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
