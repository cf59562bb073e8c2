package io.inetkit.cli;

import io.inetkit.ConnectFlag;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import io.inetkit.Service;
import io.inetkit.StatusListener;
import io.inetkit.http.AuthScheme;
import io.inetkit.http.HttpCache;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;

/** The options every command that connects shares: credentials, timeouts, TLS, FTP mode, verbosity. */
final class ConnectionOptions {

    private static final Set<String> TLS_SCHEMES = Set.of("https", "ftps", "gophers");

    /** The largest {@code --max-time}: about 31 years, far below what a long of nanoseconds holds. */
    private static final long MAX_TIME_LIMIT = 1_000_000_000L;

    String user;
    boolean basic;
    boolean digest;
    boolean negotiate;
    boolean anyAuth;
    long timeoutSeconds;
    double maxTimeSeconds;
    boolean active;
    boolean passive;
    boolean ftpSsl;
    boolean insecure;
    String cacert;
    String capath;
    final ProxyOptions proxy = new ProxyOptions();
    final RetryOptions retry = new RetryOptions();
    final NetrcOptions netrc = new NetrcOptions();
    final SshOptions ssh = new SshOptions();
    final SilentOptions silent = new SilentOptions();
    boolean verbose;
    boolean noProgressMeter;
    double connectTimeoutSeconds;
    String userAgent;
    /** The bounds on the servers: the library's, or what a command's options make of them. */
    Limits limits = Limits.defaults();
    HttpCache httpCache; // get's --cache
    /** A listener of the command's own for the status events, beside --verbose's; null for none. */
    StatusListener listener;

    /** Declares these options, and the proxy's, for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "user", "-u", "--user")
                .paramLabel("USER[:PASSWORD]")
                .description("Log in as USER, with PASSWORD if given (user info in the URL works too). HTTP:"
                        + " answers the server's challenge with the strongest scheme it offers (Digest, then Basic).")
                .build());
        command.add(CommandModel.option(this, "basic", "--basic")
                .description("HTTP: Basic only, sent before any challenge.").build());
        command.add(CommandModel.option(this, "digest", "--digest")
                .description("HTTP: Digest only; the password never goes to the server.").build());
        command.add(CommandModel.option(this, "negotiate", "--negotiate")
                .description("HTTP: Negotiate (SPNEGO) only, with the Kerberos ticket of the JVM's login.").build());
        command.add(CommandModel.option(this, "anyAuth", "--anyauth")
                .description("HTTP: the strongest scheme the server offers (the default).").build());
        command.add(CommandModel.option(this, "timeoutSeconds", "--timeout").paramLabel("SECONDS").defaultValue("30")
                .description("Connect and read timeout in seconds (default: ${DEFAULT-VALUE}).").build());
        command.add(CommandModel.option(this, "maxTimeSeconds", "-m", "--max-time")
                .paramLabel("SECONDS").defaultValue("0")
                .description("Cancel the whole operation after SECONDS (fractions allowed: 2.5), exit status"
                        + " 28; 0, the default, for no limit.").build());
        command.add(CommandModel.option(this, "active", "--active")
                .description("FTP: active data connections (default: passive).").build());
        command.add(CommandModel.option(this, "passive", "--passive")
                .description("FTP: passive data connections (the default).").build());
        command.add(CommandModel.option(this, "ftpSsl", "--ftp-ssl")
                .description("FTP: upgrade to TLS with AUTH TLS (explicit FTPS).").build());
        command.add(CommandModel.option(this, "insecure", "-k", "--insecure")
                .description("Weaken TLS: accept any certificate for any host. Never for real secrets.").build());
        command.add(CommandModel.option(this, "cacert", "--cacert")
                .paramLabel("FILE")
                .description("Trust the CA certificates in this PEM file (one or several) instead of the"
                        + " image's trust store ($CURL_CA_BUNDLE or $SSL_CERT_FILE if unset).").build());
        command.add(CommandModel.option(this, "capath", "--capath")
                .paramLabel("DIR")
                .description("Trust the CA certificates of the PEM files in this directory instead of the"
                        + " image's trust store ($SSL_CERT_DIR if unset).").build());
        ssh.addTo(command);
        netrc.addTo(command);
        proxy.addTo(command);
        retry.addTo(command);
        silent.addTo(command);
        command.add(CommandModel.option(this, "verbose", "-v", "--verbose")
                .description("Print status events to standard error, and stack traces.").build());
        command.add(CommandModel.option(this, "connectTimeoutSeconds", "--connect-timeout").paramLabel("SECONDS")
                .description("Give up a connection (TCP, and the TLS handshake of https and ftps) after SECONDS"
                        + " (fractions allowed), as curl's; --timeout's by default.").build());
        command.add(CommandModel.option(this, "userAgent", "-A", "--user-agent").paramLabel("NAME")
                .description("HTTP: send NAME as the User-Agent, as curl's -A.").build());
        command.add(CommandModel.option(this, "noProgressMeter", "--no-progress-meter")
                .description("Show no progress line (shown only on a terminal, for transfers longer than a"
                        + " second).").build());
    }

    /** The progress line of a transfer: on a terminal, unless --no-progress-meter or -s. */
    Progress progress(PrintWriter err) {
        return Progress.onTerminal(err, !noProgressMeter && silent.showsProgress());
    }

    /**
     * An Internet with these options for a URL of this scheme, closed by the caller; {@code stop}
     * closes it when {@code --max-time}, whose clock starts here, runs out or a signal comes.
     */
    Internet internet(String scheme, PrintWriter err, Stop stop) throws InternetException {
        if (timeoutSeconds <= 0 || timeoutSeconds > 86_400) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--timeout must be from 1 to 86400 seconds, not " + timeoutSeconds);
        }
        // As curl: any non-negative number; 0 is no limit. The bound keeps the nanoseconds in a long.
        if (!(maxTimeSeconds >= 0 && maxTimeSeconds <= MAX_TIME_LIMIT)) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--max-time must be from 0 (no limit) to " + MAX_TIME_LIMIT + " seconds, not " + maxTime());
        }
        // As curl: seconds with fractions; 0, the default, leaves it to --timeout.
        if (!(connectTimeoutSeconds >= 0 && connectTimeoutSeconds <= 86_400)) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--connect-timeout must be from 0 (--timeout's) to 86400 seconds, not " + connectTimeoutSeconds);
        }
        if (userAgent != null && (userAgent.indexOf('\r') >= 0 || userAgent.indexOf('\n') >= 0)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-A: a User-Agent cannot hold CR or LF");
        }
        if (active && passive) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--active and --passive contradict each other");
        }
        if ((basic ? 1 : 0) + (digest ? 1 : 0) + (negotiate ? 1 : 0) + (anyAuth ? 1 : 0) > 1) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "give one of --basic, --digest, --negotiate and --anyauth, not several");
        }
        Internet.Builder builder = Internet.newBuilder()
                .registry(Providers.registry())
                .agent(userAgent != null ? userAgent : "inetkit-cli/" + Version.of(ConnectionOptions.class))
                .proxy(proxy.config(scheme, System.getenv()))
                .connectTimeout(connectTimeoutSeconds > 0 ? Duration.ofNanos((long) (connectTimeoutSeconds * 1e9))
                        : Duration.ofSeconds(timeoutSeconds))
                .readTimeout(Duration.ofSeconds(timeoutSeconds))
                .retries(retry.policy());
        if (basic) {
            builder.authSchemes(AuthScheme.BASIC);
        } else if (digest) {
            builder.authSchemes(AuthScheme.DIGEST);
        } else if (negotiate) {
            builder.authSchemes(AuthScheme.NEGOTIATE);
        }
        if (!insecure) {
            // -k trusts any certificate: a CA file it would not read must not fail the command.
            // curl's environment variables only where TLS is asked for: read on every run, a
            // system's whole bundle would cost a plain-text command a fifth of a second.
            boolean tls = ftpSsl || TLS_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
            builder.trust(Authorities.trust(cacert, capath, tls ? System.getenv() : Map.of()));
        }
        builder.limits(limits);
        if (httpCache != null) {
            builder.httpCache(httpCache);
        }
        StatusListener own = listener;
        if (verbose) {
            // An event's info may hold a server's reply: printed as data, as every server text.
            builder.statusListener(event -> {
                err.println("* " + TerminalText.line(event.toString()));
                err.flush();
                if (own != null) {
                    own.onStatus(event);
                }
            });
        } else if (own != null) {
            builder.statusListener(own);
        }
        long maxTimeNanos = (long) Math.ceil(maxTimeSeconds * 1e9);
        if (maxTimeNanos > 0 && maxTimeNanos <= Duration.ofDays(1).toNanos()) {
            // Each operation's own bound too: the library then cuts a running operation's connection
            // itself. The command's clock (Stop) stays: --max-time spans the whole command, its
            // several operations and its name lookups, which no operation's deadline covers, and its
            // stop is what reports exit 28.
            builder.deadline(Duration.ofNanos(maxTimeNanos));
        }
        if (!silent.showsErrors()) {
            stop.errorsTo(null); // -s: a stop that halts the process says nothing either
        }
        stop.deadline(maxTimeNanos, maxTime());
        Internet internet = builder.build();
        if (ssh.given() && !internet.registry().serviceForScheme(scheme.toLowerCase(Locale.ROOT))
                .filter(Service.SFTP::equals).isPresent()) {
            internet.close();
            throw new InternetException(InternetError.INVALID_PARAMETER, "--key, --pass, --known-hosts and"
                    + " --accept-new-host-key are SFTP's; " + scheme + ": URLs take none of them");
        }
        stop.watch(internet);
        return internet;
    }

    /** {@code --max-time} as given: 3 or 2.5. */
    private String maxTime() {
        return maxTimeSeconds == Math.rint(maxTimeSeconds) && Math.abs(maxTimeSeconds) < 1e15
                ? Long.toString((long) maxTimeSeconds) : Double.toString(maxTimeSeconds);
    }

    /** The flags for a URL: FTP's data-connection mode, explicit FTPS, and the TLS weakening asked for. */
    Set<ConnectFlag> flags(Internet internet, URI uri) {
        Set<ConnectFlag> flags = EnumSet.noneOf(ConnectFlag.class);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean ftp = internet.registry().serviceForScheme(scheme).filter(Service.FTP::equals).isPresent();
        if (ftp && !active) {
            flags.add(ConnectFlag.PASSIVE);
        }
        if (ftpSsl) {
            flags.add(ConnectFlag.START_TLS);
        }
        // Only where TLS is in use: curl ignores -k on plain connections, and so does this.
        if (insecure && (ftpSsl || TLS_SCHEMES.contains(scheme))) {
            flags.add(ConnectFlag.INSECURE_TRUST_ANY_CERTIFICATE);
        }
        return flags;
    }

    /**
     * The URL with the login to use in its user info: {@code -u}'s with a password; else, with a
     * netrc option, the netrc file's for the host (of {@code -u}'s or the URL's user if either names
     * one); else {@code -u}'s user, or the URL's own. Warnings about the netrc file go to {@code err}.
     */
    URI withUser(URI uri, PrintWriter err) throws InternetException {
        if (user != null && user.indexOf(':') >= 0) {
            int colon = user.indexOf(':');
            return withInfo(uri, user.substring(0, colon), user.substring(colon + 1));
        }
        if (netrc.enabled() && uri.getHost() != null) {
            String[] own = userInfo(uri);
            if (!(user == null && own.length == 2 && netrc.urlFirst())) {
                String host = uri.getHost().replaceAll("^\\[|\\]$", "");
                String name = user != null ? user : own.length > 0 ? own[0] : null;
                Optional<NetrcFile.Login> login = netrc.login(host, name, silent.errors(err));
                if (login.isPresent()) {
                    return withInfo(uri, login.get().user(), login.get().password());
                }
            }
        }
        return user == null ? uri : withInfo(uri, user, null);
    }

    /** The URL's user and password, percent-decoded: none, the user alone, or both. */
    private static String[] userInfo(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null) {
            return new String[0];
        }
        int colon = info.indexOf(':');
        return colon < 0 ? new String[] {decode(info)}
                : new String[] {decode(info.substring(0, colon)), decode(info.substring(colon + 1))};
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with this user and password (none if null) as its user info. */
    private static URI withInfo(URI uri, String name, String password) throws InternetException {
        if (uri.getRawAuthority() == null) {
            throw new InternetException(InternetError.INVALID_URL, "a " + uri.getScheme() + ": URL with a login"
                    + " needs a host: " + uri.getScheme() + "://host/path");
        }
        String info = (name == null ? "" : encode(name)) + (password == null ? "" : ":" + encode(password));
        try {
            return new URI(uri.getScheme() + "://" + (info.isEmpty() ? "" : info + "@")
                    + uri.getRawAuthority().replaceFirst("^.*@", "")
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
        } catch (URISyntaxException e) {
            // Not the exception's text: it would quote the URL, password and all.
            throw new InternetException(InternetError.INVALID_URL, "cannot put the login into the URL");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
