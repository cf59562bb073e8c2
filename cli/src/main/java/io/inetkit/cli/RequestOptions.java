package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.RequestBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * curl's options that shape an HTTP request: {@code -H}, {@code -X}, {@code -d}, {@code --data-binary},
 * {@code -T} and {@code -I}, with curl's spelling and meaning.
 */
final class RequestOptions {

    /** Headers the HTTP engine sets itself: a {@code -H} of one is refused before anything is sent. */
    private static final Set<String> ENGINE_HEADERS = Set.of("host", "content-length", "connection", "upgrade",
            "expect", "transfer-encoding");

    /** Whether a {@code -d} (text, CR and LF dropped from a file) or a {@code --data-binary} (bytes as they are). */
    private record Data(boolean binary, String value) {
    }

    List<String> headers;
    String method;
    Path uploadFile;
    boolean head;
    /** Every -d and --data-binary, in the order given: curl joins them with {@code &} in that order. */
    private final List<Data> data = new ArrayList<>();
    /** Standard input, read once: {@code @-} may be given more than once. */
    private byte[] stdin;

    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "headers", "-H", "--header")
                .auxiliaryTypes(String.class).paramLabel("HEADER")
                .description("HTTP: send 'Name: value' (again for more), as curl's -H; 'Name:' sends none of"
                        + " a header inetkit would send (Accept, Content-Type, Referer, Accept-Encoding),"
                        + " 'Name;' sends it empty.").build());
        command.add(CommandModel.option(this, "method", "-X", "--request")
                .paramLabel("METHOD")
                .description("HTTP: send METHOD (PROPFIND, DELETE...) instead of GET, POST or PUT, as curl's -X.")
                .build());
        command.add(dataOption(false, "-d", "--data")
                .description("HTTP: POST DATA (again for more, joined by &) as"
                        + " application/x-www-form-urlencoded, as curl's -d; @FILE sends the file without its"
                        + " CR and LF, @- standard input.").build());
        command.add(dataOption(true, "--data-binary")
                .description("HTTP: as -d, but @FILE sends the file as it is, as curl's --data-binary.").build());
        command.add(CommandModel.option(this, "uploadFile", "-T", "--upload-file").paramLabel("FILE")
                .description("Upload FILE, as curl's -T: an HTTP PUT, an FTP STOR; a URL ending in / gets the"
                        + " file's name.").build());
        command.add(CommandModel.option(this, "head", "-I", "--head")
                .description("HTTP: send HEAD and print the response's status line and headers, as curl's -I.")
                .build());
    }

    /** An option whose every value joins {@link #data} in the order of the command line. */
    private OptionSpec.Builder dataOption(boolean binary, String name, String... names) {
        return OptionSpec.builder(name, names).type(List.class).auxiliaryTypes(String.class).paramLabel("DATA")
                .parameterConsumer((args, argSpec, commandSpec) -> {
                    if (args.isEmpty()) {
                        throw new ParameterException(commandSpec.commandLine(), "Missing required parameter for"
                                + " option '" + argSpec.paramLabel() + "' of " + name, argSpec, null);
                    }
                    data.add(new Data(binary, args.pop()));
                });
    }

    /** Whether any of these options asks for what only HTTP has. */
    boolean anyHttpOnly() {
        return headers != null && !headers.isEmpty() || method != null || !data.isEmpty() || head;
    }

    /** Refuses what cannot be sent, before anything is: combinations curl refuses, bad methods, bad headers. */
    void check() throws InternetException {
        int bodies = (data.isEmpty() ? 0 : 1) + (uploadFile != null ? 1 : 0) + (head ? 1 : 0);
        if (bodies > 1) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-d, -T and -I each choose the method;"
                    + " give one of them (and -X for another method)");
        }
        if (method != null && (method.isEmpty() || !method.chars().allMatch(RequestOptions::isTokenChar))) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-X: \"" + TerminalText.line(method)
                    + "\" is not an HTTP method: a method is letters, digits and !#$%&'*+-.^_`|~");
        }
        if (removes("User-Agent")) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-H 'User-Agent:': inetkit always sends"
                    + " a User-Agent; give another with -A");
        }
    }

    /** The method: -X's, else HEAD for -I, PUT for -T, POST for -d, GET. */
    String method() {
        if (method != null) {
            return method;
        }
        return head ? "HEAD" : uploadFile != null ? "PUT" : !data.isEmpty() ? "POST" : "GET";
    }

    /** The headers of -H in order, each with its value, or null for {@code Name:}; keyed by lower-case name. */
    private Map<String, List<String[]>> headerEdits() throws InternetException {
        Map<String, List<String[]>> edits = new LinkedHashMap<>();
        if (headers == null) {
            return edits;
        }
        for (String header : headers) {
            if (header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "-H: a header cannot hold CR or LF: "
                        + TerminalText.line(header));
            }
            int colon = header.indexOf(':');
            int semicolon = header.indexOf(';');
            boolean empty = colon < 0 && semicolon == header.length() - 1 && semicolon > 0;
            if (colon < 0 && !empty) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "-H: \"" + TerminalText.line(header)
                        + "\" is not 'Name: value', 'Name:' or 'Name;'");
            }
            String name = header.substring(0, empty ? semicolon : colon).trim();
            if (name.isEmpty() || !name.chars().allMatch(RequestOptions::isTokenChar)) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "-H: \"" + TerminalText.line(name)
                        + "\" is not a header name");
            }
            if (ENGINE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "-H: inetkit sets " + name
                        + " itself (from the URL, the body and the connection), and cannot send another");
            }
            String value = empty ? "" : header.substring(colon + 1).strip();
            // As curl's: 'Name:' sends nothing itself, and keeps inetkit's own Name from being sent.
            edits.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(new String[] {name, !empty && value.isEmpty() ? null : value});
        }
        return edits;
    }

    /** Whether -H says not to send inetkit's own {@code name} (with {@code Name:}), and gives none of its own. */
    boolean removes(String name) throws InternetException {
        List<String[]> edit = headerEdits().get(name.toLowerCase(Locale.ROOT));
        return edit != null && edit.stream().anyMatch(e -> e[1] == null) && !sets(name);
    }

    /** Whether -H gives {@code name} a value of its own. */
    boolean sets(String name) throws InternetException {
        List<String[]> edit = headerEdits().get(name.toLowerCase(Locale.ROOT));
        return edit != null && edit.stream().anyMatch(e -> e[1] != null);
    }

    /**
     * Adds to {@code request} the method, the body and the headers: inetkit's defaults (curl's
     * {@code Accept: *}{@code /*}, the form type of -d) unless -H replaces or removes them, then -H's.
     *
     * @param defaults inetkit's own headers for this request, name to value, which -H may replace or remove
     */
    void apply(HttpRequest.Builder request, Map<String, String> defaults) throws InternetException {
        request.method(method());
        Map<String, String> own = new LinkedHashMap<>();
        own.put("Accept", "*/*");
        own.putAll(defaults);
        if (!data.isEmpty()) {
            own.put("Content-Type", "application/x-www-form-urlencoded");
            request.body(body());
        } else if (uploadFile != null) {
            request.body(RequestBody.ofFile(uploadFile));
        }
        for (Map.Entry<String, String> header : own.entrySet()) {
            if (!removes(header.getKey()) && !sets(header.getKey())) {
                request.header(header.getKey(), header.getValue());
            }
        }
        if (removes("Accept-Encoding")) {
            request.contentDecoding(false);
        }
        for (List<String[]> edits : headerEdits().values()) {
            for (String[] edit : edits) {
                if (edit[1] != null) {
                    request.header(edit[0], edit[1]);
                }
            }
        }
    }

    /**
     * Checks that every local file the request sends can be read, before anything is sent: curl's
     * 26 otherwise. curl sends an empty body for a -d {@code @FILE} it cannot read; inetkit refuses.
     */
    void checkFiles() {
        List<Path> files = new ArrayList<>();
        if (uploadFile != null) {
            files.add(uploadFile);
        }
        for (Data part : data) {
            if (part.value.startsWith("@") && !part.value.equals("@-")) {
                files.add(Path.of(part.value.substring(1)));
            }
        }
        for (Path file : files) {
            InternetException failure = null;
            if (Files.isDirectory(file)) {
                failure = new InternetException(InternetError.FILE_NOT_FOUND, file + " is a directory, not a file;"
                        + " nothing was sent");
            } else {
                try (InputStream probe = Files.newInputStream(file)) {
                    probe.available();
                } catch (IOException e) {
                    failure = InternetException.localFile("cannot read", file, e);
                }
            }
            if (failure != null) {
                throw new ExitStatus.Known(failure, ExitStatus.READ_ERROR);
            }
        }
    }

    /**
     * The body of -d and --data-binary: one {@code --data-binary @FILE} is the file, streamed; else the
     * parts joined by {@code &}, in memory, as curl builds them.
     */
    private RequestBody body() throws InternetException {
        if (data.size() == 1 && data.get(0).binary && data.get(0).value.startsWith("@")
                && !data.get(0).value.equals("@-")) {
            return RequestBody.ofFile(Path.of(data.get(0).value.substring(1)));
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Data part : data) {
            if (joined.size() > 0) {
                joined.write('&');
            }
            byte[] bytes = part.value.startsWith("@") ? read(part.value.substring(1))
                    : part.value.getBytes(StandardCharsets.UTF_8);
            if (!part.binary && part.value.startsWith("@")) {
                bytes = withoutLineBreaks(bytes);
            }
            joined.writeBytes(bytes);
        }
        return RequestBody.of(joined.toByteArray());
    }

    private byte[] read(String file) throws InternetException {
        try {
            if (file.equals("-")) {
                if (stdin == null) {
                    stdin = System.in.readAllBytes();
                }
                return stdin;
            }
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new ExitStatus.Known(InternetException.localFile("cannot read", Path.of(file), e),
                    ExitStatus.READ_ERROR);
        }
    }

    /** The bytes without CR and LF, as curl's -d reads a file. */
    private static byte[] withoutLineBreaks(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
