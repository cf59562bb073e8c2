package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
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
        URI uri = UrlTarget.parse(url);
        try (Internet internet = connection.internet(spec.commandLine().getErr())) {
            try (InputStream in = internet.openUrl(connection.withUser(uri),
                    connection.flags(internet, uri).toArray(new ConnectFlag[0]))) {
                Progress progress = Progress.onTerminal(spec.commandLine().getErr());
                if (output == null) {
                    PrintStream stdout = System.out;
                    Progress.copy(in, stdout, progress);
                    stdout.flush();
                } else {
                    AtomicFile.write(output, out -> Progress.copy(in, out, progress));
                }
                progress.done();
            }
        }
        return 0;
    }
}
