package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code get} with several URLs: each saved under the name {@code -O} gives it, one after another or,
 * with {@code -Z}, up to {@code --parallel-max} at once on one {@link Internet} (so HTTP keeps its
 * connections alive between them). Each failure prints its error line with its URL; the status is
 * that of the failure that ended last, as curl's {@code -Z} reports it, and 0 only when all worked.
 */
final class ParallelGet {

    private final ConnectionOptions connection;
    private final OutputOptions saving;
    private final ResponseOptions response;
    private final SegmentedSave segmented;
    private final PrintWriter err;
    private final Stop stop;
    private final boolean showsErrors;

    ParallelGet(ConnectionOptions connection, OutputOptions saving, ResponseOptions response, SegmentedSave segmented,
            PrintWriter err, Stop stop, boolean showsErrors) {
        this.connection = connection;
        this.saving = saving;
        this.response = response;
        this.segmented = segmented;
        this.err = err;
        this.stop = stop;
        this.showsErrors = showsErrors;
    }

    /** Fetches every URL, {@code at} at once; the exit status. */
    int run(List<String> urls, int at) throws IOException {
        if (!saving.remoteName) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "several URLs are saved each under its own"
                    + " name: give -O (and no -o)");
        }
        String scheme = "http";
        for (String url : urls) {
            try {
                scheme = UrlTarget.parse(url).getScheme();
                break;
            } catch (IOException | RuntimeException e) {
                // Its own transfer reports it.
            }
        }
        int threads = Math.max(1, Math.min(at, urls.size()));
        int status = 0;
        try (Internet internet = connection.internet(scheme, err, stop)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "inetkit-get");
                thread.setDaemon(true);
                return thread;
            });
            try {
                ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
                List<Future<Integer>> started = new ArrayList<>();
                for (String url : urls) {
                    started.add(done.submit(() -> transfer(internet, url)));
                }
                for (int i = 0; i < started.size(); i++) {
                    int each = status(done.take());
                    if (each != 0) {
                        status = each;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InternetException(InternetError.OPERATION_CANCELLED, "interrupted");
            } finally {
                pool.shutdownNow();
                try {
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        stop.check(); // a stop that cut them short reports itself, with its status
        return status;
    }

    private static int status(Future<Integer> finished) throws InterruptedException {
        try {
            return finished.get();
        } catch (ExecutionException e) {
            return ExitStatus.FAILED;
        }
    }

    /** One URL: 0, or its failure's status after its error line. */
    private int transfer(Internet internet, String url) {
        try {
            URI uri = UrlTarget.parse(url);
            URI target = connection.withUser(uri, err);
            Path file = saving.target(null, uri, internet);
            Set<ConnectFlag> flagSet = connection.flags(internet, uri);
            boolean http = is(Service.HTTP, internet, uri);
            if (http) {
                flagSet.add(ConnectFlag.NO_COOKIES); // as curl, which keeps none without -b FILE or -c
            }
            ConnectFlag[] flags = flagSet.toArray(new ConnectFlag[0]);
            Progress silent = Progress.onTerminal(err, false); // lines of many transfers would only garble
            if (segmented.wanted()) {
                segmented.save(internet, target, flags, connection.ssh, file, silent, stop);
            } else {
                SaveToFile.save(internet, target, flags, file, () -> http ? openHttp(internet, target, flags)
                        : SftpTarget.is(internet, target)
                                ? SftpTarget.open(internet, target, Set.of(flags), connection.ssh, silent)
                                : internet.openUrl(target, flags), silent, stop);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            int status = ExitStatus.of(e, ExitStatus.Activity.DOWNLOAD);
            Exception shown = ExitStatus.shown(e);
            if (showsErrors) {
                InternetError error = shown instanceof InternetException failure
                        ? failure.error() : InternetError.INTERNAL_ERROR;
                String message = shown.getMessage() != null ? shown.getMessage() : shown.toString();
                synchronized (err) {
                    err.println(ErrorLine.line(error, url + ": " + message));
                    err.flush();
                }
            }
            return status;
        }
    }

    /** An HTTP URL's body: a GET with {@code -L} and {@code -f} as given. */
    private InputStream openHttp(Internet internet, URI uri, ConnectFlag[] flags) throws InternetException {
        Session session = internet.connectUrl(uri, flags);
        try {
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            HttpRequest.Builder send = HttpRequest.newBuilder(target).followRedirects(response.location);
            if (response.fail) {
                send.expectSuccess();
            }
            HttpResponse answer = ((HttpSession) session).send(send.build());
            return SessionBody.of(answer.body(), session);
        } catch (InternetException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static boolean is(Service<?> service, Internet internet, URI uri) {
        return internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT))
                .filter(service::equals).isPresent();
    }
}
