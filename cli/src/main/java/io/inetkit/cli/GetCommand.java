package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code inetkit get URL [-o FILE]}: a resource to standard output or to a file. */
final class GetCommand implements Callable<Integer> {

    private CommandSpec spec;
    private final ConnectionOptions connection = new ConnectionOptions();
    private String url;
    private Path output;

    private GetCommand() {
    }

    /** The command's model. */
    static CommandSpec spec() {
        GetCommand command = new GetCommand();
        CommandSpec spec = CommandModel.command(command, "get", "Fetch a URL (ftp, ftps, http, https, gopher,"
                + " gophers, or any installed scheme) to standard output or to a file.");
        command.connection.addTo(spec);
        spec.addPositional(CommandModel.parameter(0, String.class, () -> command.url, (String v) -> command.url = v)
                .paramLabel("URL").description("What to fetch.").build());
        spec.addOption(CommandModel.option(Path.class, () -> command.output, (Path v) -> command.output = v,
                        "-o", "--output").paramLabel("FILE")
                .description("Write to FILE (through a temporary file, renamed when complete) instead of standard"
                        + " output.").build());
        command.spec = spec;
        return spec;
    }

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
