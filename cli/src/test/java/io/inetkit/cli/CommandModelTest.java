package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

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

    @Test
    void theHelpOfGetIsWordForWordWhatTheAnnotationsGave() {
        assertEquals(0, run("get", "--help"));
        assertEquals(String.join(System.lineSeparator(),
                "Usage: inetkit get [-hkvV] [--active] [--anyauth] [--basic] [--compressed]",
                "                   [--digest] [--ftp-ssl] [--http1.1] [--http2] [--negotiate]",
                "                   [--no-progress-meter] [--passive] [--proxy-anyauth]",
                "                   [--proxy-basic] [--proxy-digest] [--proxy-negotiate] [--raw]",
                "                   [--retry-connrefused] [-A=NAME] [-b=DATA|FILE] [-c=FILE]",
                "                   [--cacert=FILE] [--capath=DIR] [--connect-timeout=SECONDS]",
                "                   [-e=URL] [-m=SECONDS] [--noproxy=HOSTS] [-o=FILE]",
                "                   [--retry=NUM] [--retry-delay=SECONDS]",
                "                   [--retry-max-time=SECONDS] [--timeout=SECONDS] [-u=USER[:",
                "                   PASSWORD]] [-U=USER[:PASSWORD]] [--view=TYPE] [-x=URL] URL",
                "Fetch a URL (ftp, ftps, http, https, gopher, gophers, or any installed scheme)",
                "to standard output or to a file.",
                "      URL                   What to fetch.",
                "  -A, --user-agent=NAME     HTTP: send NAME as the User-Agent, as curl's -A.",
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
                "      --cacert=FILE         Trust the CA certificates in this PEM file (one or",
                "                              several) instead of the image's trust store",
                "                              ($CURL_CA_BUNDLE or $SSL_CERT_FILE if unset).",
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
                "      --digest              HTTP: Digest only; the password never goes to the",
                "                              server.",
                "  -e, --referer=URL         HTTP: send URL as the Referer, as curl's -e.",
                "      --ftp-ssl             FTP: upgrade to TLS with AUTH TLS (explicit FTPS).",
                "  -h, --help                Show this help message and exit.",
                "      --http1.1             HTTP: speak HTTP/1.1 (the default), as curl's",
                "                              --http1.1.",
                "      --http2               HTTP: ask for HTTP/2, as curl's --http2: by ALPN",
                "                              over https, with an h2c upgrade over http; a",
                "                              server without it is answered in HTTP/1.1.",
                "  -k, --insecure            Weaken TLS: accept any certificate for any host.",
                "                              Never for real secrets.",
                "  -m, --max-time=SECONDS    Cancel the whole operation after SECONDS (fractions",
                "                              allowed: 2.5), exit status 28; 0, the default,",
                "                              for no limit.",
                "      --negotiate           HTTP: Negotiate (SPNEGO) only, with the Kerberos",
                "                              ticket of the JVM's login.",
                "      --no-progress-meter   Show no progress line (shown only on a terminal,",
                "                              for transfers longer than a second).",
                "      --noproxy=HOSTS       Comma-separated hosts (or *.domain, or <local>) to",
                "                              reach without the proxy; '*' for all.",
                "  -o, --output=FILE         Write to FILE (through a temporary file, renamed",
                "                              when complete) instead of standard output; - for",
                "                              standard output, even binary content to a",
                "                              terminal.",
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
                "  -x, --proxy=URL           Use this proxy: http://, socks5:// (names resolved",
                "                              here) or socks5h:// (by the proxy), with user:",
                "                              password@ if needed. Overrides the *_proxy",
                "                              environment variables.") + System.lineSeparator(), out.toString());
    }

    @Test
    void everyCommandsHelpListsItsOptionsAndTheStandardOnes() {
        for (String command : new String[] {"get", "ls", "put"}) {
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
