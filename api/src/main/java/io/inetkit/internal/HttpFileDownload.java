package io.inetkit.internal;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.http.CacheFlag;
import io.inetkit.http.HttpGetOption;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.HttpVersion;
import io.inetkit.spi.PartFile;
import io.inetkit.toolbox.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link HttpSession#get(HttpRequest, Path, HttpGetOption...)}: a response's body into a file, and
 * a partial file continued with {@code Range} and {@code If-Range}. It needs nothing of a provider
 * but {@code send}, so every HTTP provider has it.
 */
public final class HttpFileDownload {

    private static final int BUFFER = 64 * 1024;

    private HttpFileDownload() {
    }

    public static void get(HttpSession session, HttpRequest request, Path localFile, HttpGetOption... options)
            throws InternetException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(localFile, "localFile");
        Path target = localFile.toAbsolutePath();
        if (Arrays.asList(options).contains(HttpGetOption.RESUME)) {
            resume(session, request, target);
        } else {
            whole(session, request, target);
        }
    }

    private static void whole(HttpSession session, HttpRequest request, Path target) throws InternetException {
        try (PartFile part = PartFile.beside(target); HttpResponse response = session.send(request)) {
            try (FileChannel file = open(part.path(), StandardOpenOption.WRITE)) {
                copy(response.body(), file, -1, part.path());
            }
            part.commit(); // closed first: a file system may refuse to move an open file
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", target, e);
        }
    }

    private static void resume(HttpSession session, HttpRequest request, Path target) throws InternetException {
        if (!request.method().equals("GET")) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "only a GET resumes; not " + request.method());
        }
        if (request.headers().firstValue("Range").isPresent() || request.headers().firstValue("If-Range").isPresent()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "a resumed GET makes its own Range and"
                    + " If-Range; the request has one");
        }
        long offset;
        try {
            offset = Files.isRegularFile(target) ? Files.size(target) : 0;
        } catch (IOException e) {
            throw InternetException.localFile("cannot read", target, e);
        }
        Optional<String> kept = offset > 0 ? ResumeValidator.read(target) : Optional.empty();
        HttpRequest.Builder send = withoutExpectSuccess(request).contentDecoding(false);
        if (offset > 0) {
            send.header("Range", "bytes=" + offset + "-");
            kept.ifPresent(validator -> send.header("If-Range", validator));
        }
        String what = request.method() + " " + request.target();
        try (HttpResponse response = session.send(send.build())) {
            int status = response.statusCode();
            if (offset > 0 && status == 206) {
                append(response, target, offset, kept, what);
            } else if (offset > 0 && status == 416) {
                // As curl: the file is complete when the server has nothing from its end on.
                long complete = ContentRange.unsatisfied(response.headers().firstValue("Content-Range"));
                if (complete >= 0 && complete != offset) {
                    throw new InternetException(InternetError.INVALID_OPERATION, target + " is longer (" + offset
                            + " bytes) than " + what + " (" + complete + "); cannot resume", statusLine(response), null);
                }
            } else if (status >= 200 && status < 300 && status != 206) {
                // The whole representation: the file changed, or the server ignores ranges. Start over.
                replace(response, target);
            } else if (status == 206) {
                throw new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, what + ": the server sent 206"
                        + " (a part) to a request for the whole; nothing was written", statusLine(response), null);
            } else {
                String line = statusLine(response);
                throw new InternetException(InternetError.EXTENDED_ERROR, what + " failed: " + line
                        + "; " + target + " was left as it was", line, null);
            }
        }
    }

    private static void append(HttpResponse response, Path target, long offset, Optional<String> kept, String what)
            throws InternetException {
        Optional<String> field = response.headers().firstValue("Content-Range");
        ContentRange range = ContentRange.parse(field).orElseThrow(() -> new InternetException(
                InternetError.HTTP_INVALID_SERVER_RESPONSE, what + ": the 206's Content-Range ("
                        + field.map(Logs::printable).orElse("none") + ") is no range of bytes; cannot resume",
                statusLine(response), null));
        if (range.first() != offset || range.complete() >= 0 && range.last() != range.complete() - 1) {
            throw new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, what + ": asked for bytes "
                    + offset + " to the end, the server sent " + range.first() + "-" + range.last() + " of "
                    + (range.complete() < 0 ? "*" : range.complete()) + " (Content-Range); cannot resume, and"
                    + " nothing was appended", statusLine(response), null);
        }
        Optional<String> tag = response.headers().firstValue("ETag").map(String::strip);
        if (kept.filter(v -> v.startsWith("\"")).isPresent() && tag.isPresent() && !tag.equals(kept)) {
            throw new InternetException(InternetError.HTTP_INVALID_SERVER_RESPONSE, what + ": the 206's ETag "
                    + Logs.printable(tag.get()) + " is not the kept " + kept.get() + "; cannot resume, and nothing"
                    + " was appended", statusLine(response), null);
        }
        try (FileChannel file = open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            if (kept.isEmpty()) {
                // A file begun elsewhere (curl, a file system that lost it): the next resume is checked at least.
                ResumeValidator.write(target, ResumeValidator.of(response.headers()));
            }
            copy(response.body(), file, range.length(), target);
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", target, e);
        }
    }

    private static void replace(HttpResponse response, Path target) throws InternetException {
        try (FileChannel file = open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Before the first byte: a cut leaves the bytes with the validator that vouches for them.
            ResumeValidator.write(target, ResumeValidator.of(response.headers()));
            copy(response.body(), file, response.contentLength().orElse(-1), target);
        } catch (InternetException e) {
            throw e;
        } catch (IOException e) {
            throw InternetException.localFile("cannot write", target, e);
        }
    }

    private static FileChannel open(Path path, StandardOpenOption... options) throws IOException {
        return FileChannel.open(path, options);
    }

    /** The body into the file; a body that ends before {@code expected} bytes fails. */
    private static void copy(InputStream body, FileChannel file, long expected, Path target) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) != -1) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            try {
                while (bytes.hasRemaining()) {
                    file.write(bytes);
                }
            } catch (IOException e) {
                throw InternetException.localFile("cannot write", target, e);
            }
            total += n;
        }
        if (expected >= 0 && total != expected) {
            throw new InternetException(InternetError.CONNECTION_ABORTED, "the body ended after " + total + " of "
                    + expected + " bytes");
        }
    }

    private static HttpRequest.Builder withoutExpectSuccess(HttpRequest request) {
        HttpRequest.Builder copy = HttpRequest.newBuilder(request.target()).method(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(value -> copy.header(name, value)));
        request.version().ifPresent(copy::version);
        request.followRedirects().ifPresent(copy::followRedirects);
        request.deadline().ifPresent(copy::deadline);
        copy.cacheFlags(request.cacheFlags().toArray(new CacheFlag[0]));
        return copy;
    }

    private static String statusLine(HttpResponse response) {
        return (response.version() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1") + " " + response.statusCode()
                + (response.reasonPhrase().isEmpty() ? "" : " " + Logs.printable(response.reasonPhrase()));
    }
}
