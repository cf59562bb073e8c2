package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The picocli models the commands build in code (CommandModel): the same help, usage errors and
 * exit statuses picocli gave when it read them from annotations.
 */
class CommandModelTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Fields as the commands keep their options. */
    private static final class Holder {
        private long count = 3;
        private String name;
        private final String fixed = "fixed";
    }

    @Test
    void anOptionReadsItsDefaultFromItsFieldAndWritesWhatIsGivenThereAsTheFieldsType() {
        Holder holder = new Holder();
        CommandSpec spec = CommandSpec.create();
        spec.addOption(CommandModel.option(holder, "count", "--count").build());
        spec.addPositional(CommandModel.parameter(0, holder, "name").build());
        new CommandLine(spec).parseArgs("--count", "7", "seven");
        assertEquals(7, holder.count);
        assertEquals("seven", holder.name);
        assertEquals(3L, (Long) CommandModel.option(new Holder(), "count", "--count").build().getValue());

        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> new CommandLine(spec).parseArgs("--count", "many", "x"));
        assertTrue(e.getMessage().contains("'many' is not a long"), e.getMessage());
    }

    @Test
    void aFieldTheHolderLacksOrCannotSetFailsAsTheModelIsBuilt() {
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> CommandModel.option(new Holder(), "cuont", "--count"));
        assertTrue(absent.getMessage().contains("has no field cuont"), absent.getMessage());
        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
                () -> CommandModel.parameter(0, new Holder(), "fixed"));
        assertTrue(fixed.getMessage().contains("fixed"), fixed.getMessage());
    }

    @Test
    void theHelpOfGetIsWordForWordWhatTheAnnotationsGave() {
        assertEquals(0, run("get", "--help"));
        assertEquals(String.join(System.lineSeparator(),
                "Usage: inetkit get [-fhiIkLnOsSvVZ] [--accept-new-host-key] [--active]",
                "                   [--anyauth] [--basic] [--compressed] [--create-dirs]",
                "                   [--digest] [--ftp-ssl] [--http1.1] [--http2] [--negotiate]",
                "                   [--netrc-optional] [--no-progress-meter] [--offline]",
                "                   [--passive] [--proxy-anyauth] [--proxy-basic]",
                "                   [--proxy-digest] [--proxy-negotiate] [--raw] [--reload]",
                "                   [--retry-connrefused] [-A=NAME] [-b=DATA|FILE] [-c=FILE]",
                "                   [-C=-] [--cacert=FILE] [--cache=DIR] [--cache-size=MIB]",
                "                   [--capath=DIR] [--connect-timeout=SECONDS] [-e=URL]",
                "                   [-K=FILE] [--key=FILE] [--known-hosts=FILE] [-m=SECONDS]",
                "                   [--max-redirs=NUM] [--netrc-file=FILE] [--noproxy=HOSTS]",
                "                   [-o=FILE] [--parallel-max=N] [--pass=PHRASE] [--retry=NUM]",
                "                   [--retry-delay=SECONDS] [--retry-max-time=SECONDS]",
                "                   [--segments=N] [-T=FILE] [--timeout=SECONDS] [-u=USER[:",
                "                   PASSWORD]] [-U=USER[:PASSWORD]] [--view=TYPE] [-w=FORMAT]",
                "                   [-x=URL] [-X=METHOD] [-d=DATA]... [--data-binary=DATA]...",
                "                   [-H=HEADER]... [URL] [URL...]",
                "Fetch a URL (ftp, ftps, sftp, http, https, gopher, gophers, or any installed",
                "scheme) to standard output or to a file.",
                "      [URL]                 What to fetch; none with -K.",
                "      [URL...]              More URLs: each is saved as -O names it.",
                "  -A, --user-agent=NAME     HTTP: send NAME as the User-Agent, as curl's -A.",
                "      --accept-new-host-key SFTP: accept a host key the known_hosts file does",
                "                              not have, and add it there; a changed key is",
                "                              still refused.",
                "      --active              FTP: active data connections (default: passive).",
                "      --anyauth             HTTP: the strongest scheme the server offers (the",
                "                              default).",
                "  -b, --cookie=DATA|FILE    HTTP: with '=', send DATA ('name=value; n2=v2') as",
                "                              the Cookie header, as curl's -b; else read the",
                "                              cookies of FILE, in curl's (Netscape) format,",
                "                              send those that match and keep what the server",
                "                              sets over redirects.",
                "      --basic               HTTP: Basic only, sent before any challenge.",
                "  -c, --cookie-jar=FILE     HTTP: keep cookies, and write them all to FILE at",
                "                              the end, in curl's (Netscape) format, as curl's",
                "                              -c.",
                "  -C, --continue-at=-       Resume, as curl's -C -: get -o FILE (HTTP, FTP,",
                "                              SFTP) asks for the rest of what FILE holds (HTTP:",
                "                              Range, with If-Range so that a changed file",
                "                              starts over) and writes into FILE itself, which",
                "                              keeps what came if the transfer fails; put to FTP",
                "                              sends what the server's SIZE lacks (APPE), to",
                "                              SFTP what the remote file lacks, appended.",
                "      --cacert=FILE         Trust the CA certificates in this PEM file (one or",
                "                              several) instead of the image's trust store",
                "                              ($CURL_CA_BUNDLE or $SSL_CERT_FILE if unset).",
                "      --cache=DIR           HTTP: keep responses in a cache in DIR (also",
                "                              $INETKIT_CACHE) and answer from it as RFC 9111",
                "                              allows; -v shows each hit, revalidation and miss.",
                "      --cache-size=MIB      The most the cache may hold, in MiB (default: 1024).",
                "      --capath=DIR          Trust the CA certificates of the PEM files in this",
                "                              directory instead of the image's trust store",
                "                              ($SSL_CERT_DIR if unset).",
                "      --compressed          HTTP: ask for a compressed response (gzip, deflate)",
                "                              and decode it, as curl's --compressed; the",
                "                              default here. With --raw: ask for it and write it",
                "                              as sent.",
                "      --connect-timeout=SECONDS",
                "                            Give up a connection (TCP, and the TLS handshake of",
                "                              https and ftps) after SECONDS (fractions",
                "                              allowed), as curl's; --timeout's by default.",
                "      --create-dirs         Create the missing directories of -o's path, as",
                "                              curl's --create-dirs; without it a missing",
                "                              directory fails with exit status 23.",
                "  -d, --data=DATA           HTTP: POST DATA (again for more, joined by &) as",
                "                              application/x-www-form-urlencoded, as curl's -d;",
                "                              @FILE sends the file without its CR and LF, @-",
                "                              standard input.",
                "      --data-binary=DATA    HTTP: as -d, but @FILE sends the file as it is, as",
                "                              curl's --data-binary.",
                "      --digest              HTTP: Digest only; the password never goes to the",
                "                              server.",
                "  -e, --referer=URL         HTTP: send URL as the Referer, as curl's -e.",
                "  -f, --fail                HTTP: fail on a status of 400 or more, with status",
                "                              22 and nothing of the body, as curl's -f; without",
                "                              it the error page is the output and the status 0.",
                "      --ftp-ssl             FTP: upgrade to TLS with AUTH TLS (explicit FTPS).",
                "  -h, --help                Show this help message and exit.",
                "  -H, --header=HEADER       HTTP: send 'Name: value' (again for more), as",
                "                              curl's -H; 'Name:' sends none of a header inetkit",
                "                              would send (Accept, Content-Type, Referer,",
                "                              Accept-Encoding), 'Name;' sends it empty.",
                "      --http1.1             HTTP: speak HTTP/1.1 (the default), as curl's",
                "                              --http1.1.",
                "      --http2               HTTP: ask for HTTP/2, as curl's --http2: by ALPN",
                "                              over https, with an h2c upgrade over http; a",
                "                              server without it is answered in HTTP/1.1.",
                "  -i, --include             HTTP: write the response's status line and headers",
                "                              before its body, as curl's -i.",
                "  -I, --head                HTTP: send HEAD and print the response's status",
                "                              line and headers, as curl's -I.",
                "  -k, --insecure            Weaken TLS: accept any certificate for any host.",
                "                              Never for real secrets.",
                "  -K, --config=FILE         Fetch the URLs FILE lists too (- for standard",
                "                              input): one a line, or curl's url = \"...\"; '#'",
                "                              starts a comment. No other options are read from",
                "                              it.",
                "      --key=FILE            SFTP: log in with this private key file (OpenSSH or",
                "                              PEM; Ed25519, ECDSA, RSA), as curl's --key;",
                "                              without it, the keys of the ssh-agent at",
                "                              $SSH_AUTH_SOCK, as curl's. The password, if any,",
                "                              is tried after them.",
                "      --known-hosts=FILE    SFTP: check the server's host key against this",
                "                              OpenSSH known_hosts file (default: ~/.",
                "                              ssh/known_hosts); an unknown or changed key is",
                "                              refused, exit status 60.",
                "  -L, --location            HTTP: follow redirects, as curl's -L; without it a",
                "                              redirect is the response.",
                "  -m, --max-time=SECONDS    Cancel the whole operation after SECONDS (fractions",
                "                              allowed: 2.5), exit status 28; 0, the default,",
                "                              for no limit.",
                "      --max-redirs=NUM      With -L, follow at most NUM redirects (default:",
                "                              10), then fail with status 47.",
                "  -n, --netrc               Log in with the login and password that ~/.netrc",
                "                              gives for the URL's host (its 'machine', else",
                "                              'default'), as curl's -n; these win over the",
                "                              URL's own, -u wins over both. A missing ~/.netrc",
                "                              is no error.",
                "      --negotiate           HTTP: Negotiate (SPNEGO) only, with the Kerberos",
                "                              ticket of the JVM's login.",
                "      --netrc-file=FILE     As -n, from FILE; exit status 26 if FILE cannot be",
                "                              read.",
                "      --netrc-optional      As -n, but the URL's own password wins, and a FILE",
                "                              that cannot be read is no error.",
                "      --no-progress-meter   Show no progress line (shown only on a terminal,",
                "                              for transfers longer than a second).",
                "      --noproxy=HOSTS       Comma-separated hosts (or *.domain, or <local>) to",
                "                              reach without the proxy; '*' for all.",
                "  -o, --output=FILE         Write to FILE (through a temporary file, renamed",
                "                              when complete) instead of standard output; - for",
                "                              standard output, even binary content to a",
                "                              terminal.",
                "  -O, --remote-name         Write to a file of the current directory named as",
                "                              the URL's last path segment (not decoded), as",
                "                              curl's -O; Gopher: the selector's. A URL without",
                "                              one, or a name that is '.', '..' or holds '/' or",
                "                              a control character, is refused: exit status 23.",
                "      --offline             HTTP: only from the cache, fresh or not, never from",
                "                              the network (WinINet's FROM_CACHE); nothing",
                "                              stored is ITEM_NOT_FOUND.",
                "      --parallel-max=N      With -Z: at most N transfers at once, 1 to 300; 50",
                "                              unless given, as curl's.",
                "      --pass=PHRASE         SFTP: the passphrase of an encrypted --key, as",
                "                              curl's --pass.",
                "      --passive             FTP: passive data connections (the default).",
                "      --proxy-anyauth       HTTP proxy: the strongest scheme it offers (Digest,",
                "                              then Basic); nothing before its challenge.",
                "      --proxy-basic         HTTP proxy: Basic, sent before any challenge (the",
                "                              default).",
                "      --proxy-digest        HTTP proxy: Digest only; the password never goes to",
                "                              the proxy.",
                "      --proxy-negotiate     HTTP proxy: Negotiate (SPNEGO) only, with the",
                "                              Kerberos ticket of the JVM's login.",
                "      --raw                 HTTP: write the body as sent, not decoded, as",
                "                              curl's --raw; without --compressed nothing",
                "                              compressed is asked for. Chunked framing is still",
                "                              taken off.",
                "      --reload              HTTP: not from the cache; the response replaces",
                "                              what it holds (WinINet's RELOAD).",
                "      --retry=NUM           Retry up to NUM times after a transient failure: a",
                "                              connection reset or closed before any response,",
                "                              an HTTP 503 or 429 whose Retry-After asks for a",
                "                              short wait, an FTP download cut mid-file",
                "                              (resumed). Default: 0.",
                "      --retry-connrefused   With --retry, retry a refused connection too.",
                "      --retry-delay=SECONDS Wait SECONDS before each retry instead of the",
                "                              backoff (1 s, doubled each retry, at most 10",
                "                              minutes); 0, the default, for the backoff.",
                "      --retry-max-time=SECONDS",
                "                            Start no retry later than SECONDS after the first",
                "                              try; 0, the default, for no limit.",
                "  -s, --silent              Print no progress line, no warning and no error",
                "                              line, as curl's -s: the exit status alone tells.",
                "  -S, --show-error          With -s, still print the error line and warnings,",
                "                              as curl's -S.",
                "      --segments=N          HTTP, FTP, SFTP: fetch the file over N connections",
                "                              at once (1 to 64, at most 8 to a host), each a",
                "                              range of it, into -o FILE or -O's; fewer for a",
                "                              file under 2 MiB, one when the server ignores",
                "                              ranges. A file that changes meanwhile fails the",
                "                              transfer.",
                "  -T, --upload-file=FILE    Upload FILE, as curl's -T: an HTTP PUT, an FTP",
                "                              STOR; a URL ending in / gets the file's name.",
                "      --timeout=SECONDS     Connect and read timeout in seconds (default: 30).",
                "  -u, --user=USER[:PASSWORD]",
                "                            Log in as USER, with PASSWORD if given (user info",
                "                              in the URL works too). HTTP: answers the server's",
                "                              challenge with the strongest scheme it offers",
                "                              (Digest, then Basic).",
                "  -U, --proxy-user=USER[:PASSWORD]",
                "                            Log in to the proxy as USER, with PASSWORD if",
                "                              given; overrides the proxy URL's own.",
                "  -v, --verbose             Print status events to standard error, and stack",
                "                              traces.",
                "  -V, --version             Print version information and exit.",
                "      --view=TYPE           Gopher+: fetch this view of the document, a MIME",
                "                              type as inetkit info lists it under +VIEWS",
                "                              (text/plain, application/pdf...).",
                "  -w, --write-out=FORMAT    Write FORMAT to standard output after the transfer,",
                "                              also a failed one, as curl's -w: %{name} for",
                "                              http_code, size_download, time_total,",
                "                              speed_download, url_effective, content_type or",
                "                              exitcode; %{stderr} and %{stdout} send the rest",
                "                              there; \\n, \\r and \\t; @FILE reads FORMAT from",
                "                              FILE, @- from standard input.",
                "  -x, --proxy=URL           Use this proxy: http://, socks5:// (names resolved",
                "                              here) or socks5h:// (by the proxy), with user:",
                "                              password@ if needed. Overrides the *_proxy",
                "                              environment variables.",
                "  -X, --request=METHOD      HTTP: send METHOD (PROPFIND, DELETE...) instead of",
                "                              GET, POST or PUT, as curl's -X.",
                "  -Z, --parallel            With several URLs: fetch them at once, as curl's",
                "                              -Z, up to --parallel-max; without it one after",
                "                              another. Each failure gets its error line; the",
                "                              exit status is that of the failure that ended",
                "                              last.") + System.lineSeparator(), out.toString());
    }

    @Test
    void everyCommandsHelpListsItsOptionsAndTheStandardOnes() {
        for (String command : new String[] {"get", "ls", "put", "mirror"}) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(command, "-h"), command);
            for (String option : new String[] {"-h, --help", "-V, --version", "-u, --user=USER[:PASSWORD]",
                    "--timeout=SECONDS", "(default: 30)", "--active", "--passive", "--ftp-ssl", "-k, --insecure",
                    "-x, --proxy=URL", "--noproxy=HOSTS", "-v, --verbose", "-m, --max-time=SECONDS",
                    "--cacert=FILE", "--capath=DIR", "URL"}) {
                assertTrue(out.toString().contains(option), command + " lacks " + option + ":\n" + out);
            }
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("services", "--help"));
        assertTrue(out.toString().startsWith("Usage: inetkit services [-hV]"), out.toString());
    }

    @Test
    void aBadOptionValueIsAUsageErrorWithStatusTwoAndTheCommandsUsage() {
        assertEquals(2, run("get", "--timeout", "abc", "x"));
        assertTrue(err.toString().startsWith("Invalid value for option '--timeout': 'abc' is not a long"
                + System.lineSeparator() + "Usage: inetkit get "), err.toString());
    }

    @Test
    void anUnknownOptionOfACommandIsAUsageErrorWithStatusTwo() {
        assertEquals(2, run("get", "-z", "http://x/"));
        assertTrue(err.toString().startsWith("Unknown option: '-z'"), err.toString());
    }

    @Test
    void anOptionWithoutItsValueIsAUsageErrorWithStatusTwo() {
        assertEquals(2, run("get", "-o"));
        assertTrue(err.toString().startsWith("Missing required parameter for option '--output' (FILE)"),
                err.toString());
    }

    @Test
    void aMisspelledCommandIsAUsageErrorThatSuggestsTheRightOne() {
        assertEquals(2, run("gett"));
        assertTrue(err.toString().contains("Did you mean: inetkit get?"), err.toString());
    }

    @Test
    void anExtraArgumentIsAUsageErrorWithStatusTwo() {
        assertEquals(2, run("services", "extra"));
        assertTrue(err.toString().startsWith("Unmatched argument at index 1: 'extra'"), err.toString());
    }
}
