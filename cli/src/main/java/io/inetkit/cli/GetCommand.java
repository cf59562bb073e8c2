package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inetkit get URL [-o FILE]}: a resource to standard output or to a file. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Fetch a URL (ftp, ftps, http, https, gopher, gophers, or any installed scheme)"
                + " to standard output or to a file.")
final class GetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "URL", description = "What to fetch.")
    private String url;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (through a temporary file, renamed when complete) instead of standard output.")
    private Path output;

    @Override
    public Integer call() throws IOException {
        URI uri = parse(url);
        try (Internet internet = connection.internet(spec.commandLine().getErr());
             InputStream in = internet.openUrl(connection.withUser(uri),
                     connection.flags(internet, uri).toArray(new ConnectFlag[0]))) {
            Progress progress = Progress.onTerminal(spec.commandLine().getErr());
            if (output == null) {
                PrintStream stdout = System.out;
                copy(in, stdout, progress);
                stdout.flush();
            } else {
                AtomicFile.write(output, out -> copy(in, out, progress));
            }
            progress.done();
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, Progress progress) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            progress.add(n);
        }
    }

    /** The URL, or the invalid-URL error the error line reports. */
    static URI parse(String text) throws InternetException {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) {
                throw new InternetException(InternetError.INVALID_URL,
                        "'" + text + "' has no scheme; write it as scheme://host/path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InternetException(InternetError.INVALID_URL, "'" + text + "' is not a URL: " + e.getReason(), e);
        }
    }
}
