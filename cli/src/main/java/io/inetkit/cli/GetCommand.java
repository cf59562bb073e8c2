package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import io.inetkit.gopher.GopherUrl;
import io.inetkit.http.Cookie;
import io.inetkit.http.CookieJar;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.sftp.SftpSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;

/** {@code inetkit get URL [-o FILE]}: a resource to standard output or to a file. */
final class GetCommand extends CliCommand {

    /** {@code -o -}: standard output, even a terminal, as curl's {@code --output -}. */
    private static final Path STANDARD_OUTPUT = Path.of("-");

    private final ConnectionOptions connection = new ConnectionOptions();
    private final OutputOptions saving = new OutputOptions();
    private Progress progress;
    private long headBytes; // -i and -I: the status line and headers written before the body
    private String url;
    private Path output;
    private boolean http11;
    private boolean http2;
    private String view;
    private String cookie;
    private Path cookieJar;
    private List<Cookie> cookiesRead = List.of();
    private CookieJar jar; // the session's, once -b FILE or -c turned cookies on
    private boolean raw;
    private String referer;
    private boolean compressed;
    private final RequestOptions request = new RequestOptions();
    private final ResponseOptions response = new ResponseOptions();
    private final CacheOptions cache = new CacheOptions();
    private final WriteOut writeOut = new WriteOut();
    private final ContinueAt continueAt = new ContinueAt();
    private final ParallelOptions several = new ParallelOptions();
    private final SegmentedSave segmented = new SegmentedSave();

    GetCommand() {
        super("get", "Fetch a URL (ftp, ftps, sftp, http, https, gopher, gophers, or any installed scheme) to standard"
                + " output or to a file.");
    }

    @Override
    List<ArgSpec> arguments() {
        List<ArgSpec> arguments = new ArrayList<>();
        connection.addTo(arguments);
        arguments.add(CommandModel.parameter(0, this, "url")
                .paramLabel("URL").description("What to fetch; none with -K.").arity("0..1").required(false).build());
        arguments.add(CommandModel.option(this, "output", "-o", "--output")
                .paramLabel("FILE")
                .description("Write to FILE (through a temporary file, renamed when complete) instead of standard"
                        + " output; - for standard output, even binary content to a terminal.").build());
        saving.addTo(arguments);
        arguments.add(CommandModel.option(this, "http11", "--http1.1")
                .description("HTTP: speak HTTP/1.1 (the default), as curl's --http1.1.").build());
        arguments.add(CommandModel.option(this, "http2", "--http2")
                .description("HTTP: ask for HTTP/2, as curl's --http2: by ALPN over https, with an h2c upgrade"
                        + " over http; a server without it is answered in HTTP/1.1.").build());
        arguments.add(CommandModel.option(this, "view", "--view")
                .paramLabel("TYPE")
                .description("Gopher+: fetch this view of the document, a MIME type as inetkit info lists it under"
                        + " +VIEWS (text/plain, application/pdf...).").build());
        arguments.add(CommandModel.option(this, "cookie", "-b", "--cookie")
                .paramLabel("DATA|FILE")
                .description("HTTP: with '=', send DATA ('name=value; n2=v2') as the Cookie header, as curl's -b;"
                        + " else read the cookies of FILE, in curl's (Netscape) format, send those that match and"
                        + " keep what the server sets over redirects.").build());
        arguments.add(CommandModel.option(this, "cookieJar", "-c", "--cookie-jar")
                .paramLabel("FILE")
                .description("HTTP: keep cookies, and write them all to FILE at the end, in curl's (Netscape)"
                        + " format, as curl's -c.").build());
        arguments.add(CommandModel.option(this, "referer", "-e", "--referer")
                .paramLabel("URL").description("HTTP: send URL as the Referer, as curl's -e.").build());
        arguments.add(CommandModel.option(this, "compressed", "--compressed")
                .description("HTTP: ask for a compressed response (gzip, deflate) and decode it, as curl's"
                        + " --compressed; the default here. With --raw: ask for it and write it as sent.").build());
        arguments.add(CommandModel.option(this, "raw", "--raw")
                .description("HTTP: write the body as sent, not decoded, as curl's --raw; without --compressed"
                        + " nothing compressed is asked for. Chunked framing is still taken off.").build());
        request.addTo(arguments);
        response.addTo(arguments);
        writeOut.addTo(arguments);
        cache.addTo(arguments);
        continueAt.addTo(arguments);
        segmented.addTo(arguments);
        several.addTo(arguments);
        return arguments;
    }

    @Override
    ExitStatus.Activity activity() {
        return request.uploadFile != null ? ExitStatus.Activity.UPLOAD : ExitStatus.Activity.DOWNLOAD;
    }

    @Override
    boolean verbose() {
        return connection.verbose;
    }

    @Override
    boolean showsErrors() {
        return connection.silent.showsErrors();
    }

    @Override
    public Integer call() throws IOException {
        List<String> urls = several.urls(url, System.in);
        if (urls.size() > 1) {
            if (output != null || writeOut.given() || oneTransferOnly()) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "several URLs take -O, the connection"
                        + " options, -L, -f and --segments: not -o, -w, -C, -T, -X, -d, -H, -I, -i, -b, -c, -e,"
                        + " --raw or --view");
            }
            return new ParallelGet(connection, saving, response, segmented, err, stop, showsErrors())
                    .run(urls, several.parallel ? several.max : 1);
        }
        url = urls.get(0);
        URI uri = UrlTarget.parse(url);
        request.check();
        connection.limits = response.limits(connection.limits);
        connection.httpCache = cache.cache(System.getenv());
        writeOut.url(uri);
        if (!writeOut.given()) {
            return transfer(uri);
        }
        // As curl's, -w's line comes after a failure too, with the status it ends with.
        int status = 0;
        try {
            return transfer(uri);
        } catch (IOException | RuntimeException e) {
            status = ExitStatus.of(e, activity());
            writeOut.failed(e);
            throw e;
        } finally {
            // The bytes the progress counted, for every protocol and route, without -i's head.
            writeOut.downloaded(progress == null ? 0 : Math.max(0, progress.bytes() - headBytes));
            writeOut.print(status, System.out, err);
        }
    }

    private int transfer(URI uri) throws IOException {
        if (http11 && http2) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--http1.1 and --http2 contradict each other");
        }
        if (cookieJar != null && cookieJar.toString().equals("-")) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-c - is not supported: inetkit never"
                    + " prints cookie values; give a file");
        }
        if (cookie != null && cookie.indexOf('=') < 0) {
            try {
                cookiesRead = CookieFile.read(Path.of(cookie)); // before anything is sent
            } catch (InternetException e) {
                throw new ExitStatus.Known(e, ExitStatus.READ_ERROR);
            }
        }
        request.checkFiles();
        if (response.location) {
            connection.listener = event -> event.info(URI.class)
                    .filter(to -> event.status() == InternetStatus.REDIRECT).ifPresent(writeOut::url);
        }
        try (Internet internet = connection.internet(uri.getScheme(), err, stop)) {
            try {
                get(internet, uri);
            } catch (IOException | RuntimeException e) {
                writeJar(e);
                throw e;
            }
            writeJar(null);
        }
        return 0;
    }

    private void get(Internet internet, URI uri) throws IOException {
        URI target = connection.withUser(uri, err);
        Path output = saving.target(this.output, uri, internet);
        Set<ConnectFlag> flagSet = connection.flags(internet, uri);
        if (isHttp(internet, uri) && !cookieEngine()) {
            flagSet.add(ConnectFlag.NO_COOKIES); // as curl, which keeps none without -b FILE or -c
        }
        ConnectFlag[] flags = flagSet.toArray(new ConnectFlag[0]);
        progress = connection.progress(err);
        if (!isHttp(internet, uri) && request.anyHttpOnly()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-H, -X, -d, --data-binary and -I are"
                    + " HTTP's; " + uri.getScheme() + ": URLs take none of them");
        }
        if (!isHttp(internet, uri) && (cache.offline || cache.reload)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--offline and --reload are for the HTTP"
                    + " cache; " + uri.getScheme() + ": URLs are never cached");
        }
        segmented.check(output, oneTransferOnly());
        if (request.uploadFile != null && !isHttp(internet, uri)) {
            upload(internet, target, flags, progress);
            return;
        }
        if (continueAt.given()) {
            if (output == null || output.equals(STANDARD_OUTPUT) || request.uploadFile != null || view != null) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "-C - continues a file: give -o FILE"
                        + " (or -O) for a download, or put for an upload; not with --view or an HTTP -T");
            }
            ResumeTransfer.download(internet, target, flags, connection.ssh, output, this::httpRequest, progress);
            progress.done();
            return;
        }
        if (output == null || output.equals(STANDARD_OUTPUT)) {
            try (InputStream in = open(internet, target, flags)) {
                // The body is the document, written as it came, as curl writes it; but binary
                // bytes on a terminal only unsettle it.
                PrintStream stdout = System.out;
                OutputStream to = output == null && Tty.present() ? new TextOnly(stdout) : stdout;
                Progress.copy(in, to, progress);
                stdout.flush();
            }
        } else if (segmented.wanted()) {
            segmented.save(internet, target, flags, connection.ssh, output, progress, stop);
        } else {
            SaveToFile.save(internet, target, flags, output, () -> open(internet, target, flags), progress, stop,
                    view == null);
        }
        progress.done();
    }

    /** {@code -c}: the cookies kept, written after the transfer, as curl writes them after a failed one too. */
    private void writeJar(Exception failure) throws InternetException {
        if (cookieJar == null || jar == null) {
            return;
        }
        try {
            CookieFile.write(cookieJar, jar.all());
        } catch (InternetException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** Whether options are given that shape a single request, which neither segments nor several URLs take. */
    private boolean oneTransferOnly() throws InternetException {
        return request.anyHttpOnly() || request.uploadFile != null || response.include || cookie != null
                || cookieJar != null || referer != null || raw || view != null || continueAt.given();
    }

    /** Whether cookies are kept, as curl's cookie engine: with {@code -b FILE} or {@code -c}. */
    private boolean cookieEngine() {
        return cookieJar != null || cookie != null && cookie.indexOf('=') < 0;
    }

    private static boolean isHttp(Internet internet, URI uri) {
        return is(Service.HTTP, internet, uri);
    }

    /** Whether the installed provider of the URL's scheme is {@code service}'s. */
    private static boolean is(Service<?> service, Internet internet, URI uri) {
        return internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT))
                .filter(service::equals).isPresent();
    }

    /**
     * The URL's content: as {@code Internet.openUrl} reads it or, for an HTTP URL, the response to the
     * request the options make, with its status line and headers first for -i and -I.
     */
    private InputStream open(Internet internet, URI uri, ConnectFlag[] flags) throws InternetException {
        if (view != null) {
            return openView(internet, uri, flags);
        }
        if (!isHttp(internet, uri)) {
            if (SftpTarget.is(internet, uri)) {
                return SftpTarget.open(internet, uri, Set.of(flags), connection.ssh, progress);
            }
            if (progress.enabled() && is(Service.FTP, internet, uri)) {
                return openFtp(internet, uri, flags);
            }
            return internet.openUrl(uri, flags); // curl ignores --http2 for other protocols too
        }
        Session session = internet.connectUrl(uri, flags);
        try {
            HttpSession httpSession = (HttpSession) session;
            HttpResponse answer = httpSession.send(httpRequest(httpSession, uri));
            writeOut.response(answer.statusCode(), answer.contentType().orElse(null));
            progress.expect(ExpectedSize.http(answer));
            InputStream body = answer.body();
            if (response.include || request.head) {
                byte[] head = ResponseOptions.head(answer);
                headBytes = head.length; // written, but not the download's size, as curl's size_download
                body = new SequenceInputStream(new ByteArrayInputStream(head), body);
            }
            return SessionBody.of(body, session);
        } catch (InternetException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The HTTP request the options make for the URL, on its session (whose cookie jar it may take). */
    private HttpRequest httpRequest(HttpSession httpSession, URI uri) throws InternetException {
        String target = request.uploadFile != null ? PutCommand.httpTarget(uri, request.uploadFile)
                : (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (cookieEngine()) {
            jar = httpSession.cookies();
            cookiesRead.forEach(jar::add);
        }
        if (request.uploadFile != null) {
            writeOut.url(uri.resolve(target)); // the file's name after a /, as curl's
        }
        HttpRequest.Builder send = HttpRequest.newBuilder(target)
                .version(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1).followRedirects(response.location);
        if (response.fail) {
            send.expectSuccess();
        }
        send.cacheFlags(cache.flags());
        Map<String, String> headers = new LinkedHashMap<>(); // -H may replace or remove each
        if (cookie != null && cookie.indexOf('=') >= 0) {
            headers.put("Cookie", cookie);
        }
        if (referer != null) {
            headers.put("Referer", referer);
        }
        if (raw) {
            // As curl: --raw alone asks for nothing compressed; with --compressed it asks and keeps it as sent.
            send.contentDecoding(false);
            if (compressed) {
                headers.put("Accept-Encoding", "gzip, deflate");
            }
        }
        request.apply(send, headers);
        return send.build();
    }

    /** {@code -T FILE} to a URL that is not HTTP's: an FTP upload, as {@code put}'s. */
    private void upload(Internet internet, URI uri, ConnectFlag[] flags, Progress progress) throws IOException {
        try (Session session = UrlTarget.connect(internet, uri, Set.of(flags), connection.ssh)) {
            Progress counted = progress.expect(Files.size(request.uploadFile));
            if (session instanceof FtpSession ftp) {
                if (continueAt.given()) {
                    ResumeTransfer.upload(ftp, uri, request.uploadFile, counted);
                } else {
                    PutCommand.ftp(ftp, uri, request.uploadFile, counted);
                }
            } else if (session instanceof SftpSession sftp) {
                if (continueAt.given()) {
                    ResumeTransfer.upload(sftp, uri, request.uploadFile, counted);
                } else {
                    SftpTarget.put(sftp, uri, request.uploadFile, counted);
                }
            } else {
                throw new InternetException(InternetError.INVALID_OPERATION, "-T sends to FTP, SFTP and HTTP"
                        + " servers; " + uri.getScheme() + ": URLs take no uploads");
            }
        }
        progress.done();
    }

    /** An FTP URL's content as {@code Internet.openUrl} reads it, with the file's size for the progress line. */
    private InputStream openFtp(Internet internet, URI uri, ConnectFlag[] flags) throws InternetException {
        FtpUrl file = FtpUrl.of(uri);
        if (file.isDirectory()) {
            return internet.openUrl(uri, flags);
        }
        Session session = internet.connectUrl(uri, flags);
        try {
            FtpSession ftp = (FtpSession) session;
            progress.expect(ExpectedSize.ftp(ftp, file));
            return SessionBody.of(ftp.openRead(file.path(), file.type()), session);
        } catch (InternetException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The Gopher+ view {@code --view} names of the URL's document. */
    private InputStream openView(Internet internet, URI uri, ConnectFlag[] flags) throws InternetException {
        if (!is(Service.GOPHER, internet, uri)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--view chooses a view of a Gopher+"
                    + " document; " + uri.getScheme() + ": URLs have none");
        }
        GopherUrl location = GopherUrl.parse(uri.toString());
        Session session = internet.connectUrl(uri, flags);
        try {
            return SessionBody.of(((GopherSession) session).open(location.selector(),
                    GopherItemType.fromCode(location.type()), view), session);
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
