package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.ArgSpec;

/** {@code inetkit get URL [-o FILE]}: a resource to standard output or to a file. */
final class GetCommand extends CliCommand {

    /** {@code -o -}: standard output, even a terminal, as curl's {@code --output -}. */
    private static final Path STANDARD_OUTPUT = Path.of("-");

    private final ConnectionOptions connection = new ConnectionOptions();
    private String url;
    private Path output;
    private boolean http11;
    private boolean http2;
    private boolean raw;
    private boolean compressed;

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
                        + " output; - for standard output, even binary content to a terminal.").build());
        arguments.add(CommandModel.option(boolean.class, () -> http11, (Boolean v) -> http11 = v, "--http1.1")
                .description("HTTP: speak HTTP/1.1 (the default), as curl's --http1.1.").build());
        arguments.add(CommandModel.option(boolean.class, () -> http2, (Boolean v) -> http2 = v, "--http2")
                .description("HTTP: ask for HTTP/2, as curl's --http2: by ALPN over https, with an h2c upgrade"
                        + " over http; a server without it is answered in HTTP/1.1.").build());
        arguments.add(CommandModel.option(boolean.class, () -> compressed, (Boolean v) -> compressed = v,
                        "--compressed")
                .description("HTTP: ask for a compressed response (gzip, deflate) and decode it, as curl's"
                        + " --compressed; the default here. With --raw: ask for it and write it as sent.").build());
        arguments.add(CommandModel.option(boolean.class, () -> raw, (Boolean v) -> raw = v, "--raw")
                .description("HTTP: write the body as sent, not decoded, as curl's --raw; without --compressed"
                        + " nothing compressed is asked for. Chunked framing is still taken off.").build());
        return arguments;
    }

    @Override
    boolean verbose() {
        return connection.verbose;
    }

    @Override
    public Integer call() throws IOException {
        URI uri = UrlTarget.parse(url);
        if (http11 && http2) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--http1.1 and --http2 contradict each other");
        }
        try (Internet internet = connection.internet(uri.getScheme(), err, stop)) {
            URI target = connection.withUser(uri);
            ConnectFlag[] flags = connection.flags(internet, uri).toArray(new ConnectFlag[0]);
            Progress progress = Progress.onTerminal(err);
            if (output == null || output.equals(STANDARD_OUTPUT)) {
                try (InputStream in = open(internet, target, flags)) {
                    // The body is the document, written as it came, as curl writes it; but binary
                    // bytes on a terminal only unsettle it.
                    PrintStream stdout = System.out;
                    OutputStream to = output == null && Tty.present() ? new TextOnly(stdout) : stdout;
                    Progress.copy(in, to, progress);
                    stdout.flush();
                }
            } else {
                SaveToFile.save(internet, target, flags, output, () -> open(internet, target, flags), progress, stop);
            }
            progress.done();
        }
        return 0;
    }

    /**
     * The URL's content: as {@code Internet.openUrl} reads it, or, for an HTTP URL with
     * {@code --http1.1}, {@code --http2} or {@code --raw}, the same GET with that version asked for
     * or without decoding.
     */
    private InputStream open(Internet internet, URI uri, ConnectFlag[] flags) throws InternetException {
        boolean http = internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT))
                .filter(Service.HTTP::equals).isPresent();
        if (!http || !(http11 || http2 || raw)) {
            return internet.openUrl(uri, flags); // curl ignores --http2 for other protocols too
        }
        Session session = internet.connectUrl(uri, flags);
        try {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .version(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1).expectSuccess();
            if (raw) {
                // As curl: --raw alone asks for nothing compressed; with --compressed it asks and keeps it as sent.
                request.contentDecoding(false);
                if (compressed) {
                    request.header("Accept-Encoding", "gzip, deflate");
                }
            }
            InputStream body = ((HttpSession) session).send(request.build()).body();
            return new FilterInputStream(body) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        session.close();
                    }
                }
            };
        } catch (InternetException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Standard output that refuses a block of the body that holds a NUL byte, as curl does ("Binary
     * output can mess up your terminal"): text has none, binary formats have them early.
     */
    private static final class TextOnly extends OutputStream {

        private final OutputStream out;

        TextOnly(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == 0) {
                    throw new InternetException(InternetError.INVALID_OPERATION, "binary output can mess up your"
                            + " terminal; use -o - to write it to the terminal anyway, or -o FILE to save it");
                }
            }
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
