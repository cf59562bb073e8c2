package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/** {@code inetkit get URL [-o FILE]}: a resource to standard output or to a file. */
final class GetCommand extends CliCommand {

    private final ConnectionOptions connection = new ConnectionOptions();
    private String url;
    private Path output;

    GetCommand() {
        super("get", "Fetch a URL (ftp, ftps, http, https, gopher, gophers, or any installed scheme) to standard"
                + " output or to a file.");
    }

    @Override
    List<ArgSpec> arguments() {
        List<ArgSpec> arguments = new ArrayList<>();
        connection.addTo(arguments);
        arguments.add(CommandModel.parameter(0, String.class, () -> url, (String v) -> url = v)
                .paramLabel("URL").description("What to fetch.").build());
        arguments.add(CommandModel.option(Path.class, () -> output, (Path v) -> output = v, "-o", "--output")
                .paramLabel("FILE")
                .description("Write to FILE (through a temporary file, renamed when complete) instead of standard"
                        + " output.").build());
        return arguments;
    }

    @Override
    boolean verbose() {
        return connection.verbose;
    }

    @Override
    public Integer call() throws IOException {
        URI uri = UrlTarget.parse(url);
        try (Internet internet = connection.internet(uri.getScheme(), err, stop)) {
            try (InputStream in = internet.openUrl(connection.withUser(uri),
                    connection.flags(internet, uri).toArray(new ConnectFlag[0]))) {
                Progress progress = Progress.onTerminal(err);
                if (output == null) {
                    PrintStream stdout = System.out;
                    Progress.copy(in, stdout, progress);
                    stdout.flush();
                } else {
                    AtomicFile.write(output, out -> Progress.copy(in, out, progress), stop);
                }
                progress.done();
            }
        }
        return 0;
    }
}
