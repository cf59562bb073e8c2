package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Ports;
import io.inetkit.ProxyConfig;
import io.inetkit.http.AuthScheme;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The proxy options, as curl has them: {@code -x/--proxy URL} ({@code http://}, {@code socks5://},
 * {@code socks5h://}, with {@code user:password@} if the proxy wants them), {@code --noproxy HOSTS},
 * and, without {@code -x}, the environment variables curl reads: {@code http_proxy} for
 * {@code http://} URLs, {@code https_proxy} or {@code HTTPS_PROXY} for {@code https://}, and
 * {@code ALL_PROXY} or {@code all_proxy} for everything (FTP and Gopher included);
 * {@code NO_PROXY} or {@code no_proxy} for the bypass list; {@code --proxy-basic} (the default),
 * {@code --proxy-digest}, {@code --proxy-negotiate} and {@code --proxy-anyauth} for the schemes that
 * answer an HTTP proxy's challenge. Without any of these, the JVM's own
 * proxy settings ({@link ProxyConfig#system()}), which are usually none.
 */
final class ProxyOptions {

    String proxy;
    String noProxy;
    String proxyUser;
    boolean proxyBasic;
    boolean proxyDigest;
    boolean proxyNegotiate;
    boolean proxyAnyAuth;

    /** Declares {@code -x} and {@code --noproxy} for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "proxy", "-x", "--proxy")
                .paramLabel("URL")
                .description("Use this proxy: http://, socks5:// (names resolved here) or socks5h:// (by the"
                        + " proxy), with user:password@ if needed. Overrides the *_proxy environment variables.")
                .build());
        command.add(CommandModel.option(this, "proxyUser", "-U",
                        "--proxy-user")
                .paramLabel("USER[:PASSWORD]")
                .description("Log in to the proxy as USER, with PASSWORD if given; overrides the proxy URL's own.")
                .build());
        command.add(CommandModel.option(this, "proxyBasic", "--proxy-basic")
                .description("HTTP proxy: Basic, sent before any challenge (the default).").build());
        command.add(CommandModel.option(this, "proxyDigest", "--proxy-digest")
                .description("HTTP proxy: Digest only; the password never goes to the proxy.").build());
        command.add(CommandModel.option(this, "proxyNegotiate", "--proxy-negotiate")
                .description("HTTP proxy: Negotiate (SPNEGO) only, with the Kerberos ticket of the JVM's"
                        + " login.").build());
        command.add(CommandModel.option(this, "proxyAnyAuth", "--proxy-anyauth")
                .description("HTTP proxy: the strongest scheme it offers (Digest, then Basic); nothing before its"
                        + " challenge.").build());
        command.add(CommandModel.option(this, "noProxy", "--noproxy")
                .paramLabel("HOSTS")
                .description("Comma-separated hosts (or *.domain, or <local>) to reach without the proxy; '*' for"
                        + " all.").build());
    }

    /** The proxy for a URL of this scheme ({@code null} if unknown), from the options and this environment. */
    ProxyConfig config(String scheme, Map<String, String> env) throws InternetException {
        Optional<AuthScheme[]> schemes = proxySchemes();
        String url = proxy;
        String source = "-x";
        if (url == null) {
            String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
            // curl reads only the lower-case http_proxy: HTTP_PROXY can be set by a CGI request's Proxy header.
            String[] names = lower.equals("http") ? new String[] {"http_proxy", "ALL_PROXY", "all_proxy"}
                    : lower.equals("https") ? new String[] {"https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"}
                    : new String[] {"ALL_PROXY", "all_proxy"};
            for (String name : names) {
                String value = env.get(name);
                if (value != null && !value.isBlank()) {
                    url = value.trim();
                    source = name;
                    break;
                }
            }
        }
        if (url == null) {
            return ProxyConfig.system(); // the JVM's own settings (-DsocksProxyHost...), usually none
        }
        String bypass = noProxy != null ? noProxy : Optional.ofNullable(env.get("NO_PROXY")).orElse(env.get("no_proxy"));
        if (bypass != null && bypass.trim().equals("*")) {
            return ProxyConfig.direct();
        }
        ProxyConfig config = parse(url, source);
        if (proxyUser != null) {
            int colon = proxyUser.indexOf(':');
            config = config.withCredentials(colon < 0 ? proxyUser : proxyUser.substring(0, colon),
                    colon < 0 ? "" : proxyUser.substring(colon + 1));
        }
        if (schemes.isPresent() && config.type() == ProxyConfig.Type.HTTP) {
            config = config.withAuthSchemes(schemes.get()); // as curl, a SOCKS proxy takes no scheme
        }
        String[] hosts = bypass == null ? new String[0] : Arrays.stream(bypass.split(","))
                .map(String::trim).filter(h -> !h.isEmpty()).map(ProxyOptions::bypassPattern).toArray(String[]::new);
        return hosts.length == 0 ? config : config.withBypass(hosts);
    }

    /** The schemes the proxy scheme options allow, if one is given. */
    private Optional<AuthScheme[]> proxySchemes() throws InternetException {
        if ((proxyBasic ? 1 : 0) + (proxyDigest ? 1 : 0) + (proxyNegotiate ? 1 : 0) + (proxyAnyAuth ? 1 : 0) > 1) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "give one of --proxy-basic, --proxy-digest,"
                    + " --proxy-negotiate and --proxy-anyauth, not several");
        }
        return proxyBasic ? Optional.of(new AuthScheme[] {AuthScheme.BASIC})
                : proxyDigest ? Optional.of(new AuthScheme[] {AuthScheme.DIGEST})
                : proxyNegotiate ? Optional.of(new AuthScheme[] {AuthScheme.NEGOTIATE})
                : proxyAnyAuth ? Optional.of(new AuthScheme[] {AuthScheme.BASIC, AuthScheme.DIGEST})
                : Optional.empty();
    }

    /** curl's no_proxy entries are domains that match their subdomains too; ".example.org" as well. */
    private static String bypassPattern(String entry) {
        if (entry.equalsIgnoreCase("<local>") || entry.contains("*")) {
            return entry;
        }
        String domain = entry.startsWith(".") ? entry.substring(1) : entry;
        return domain.isEmpty() ? entry : domain;
    }

    /** A proxy URL as curl takes it; a URL without a scheme is an HTTP proxy. */
    static ProxyConfig parse(String text, String source) throws InternetException {
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "http://" + text);
        } catch (URISyntaxException e) {
            throw new InternetException(InternetError.INVALID_PARAMETER, source + ": not a proxy URL: "
                    + redact(text), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InternetException(InternetError.INVALID_PARAMETER, source + ": the proxy URL has no host: "
                    + redact(text));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        ProxyConfig config;
        switch (scheme) {
            case "http":
                config = ProxyConfig.http(host, uri.getPort() > 0 ? uri.getPort() : 1080);
                break;
            case "socks5":
                config = ProxyConfig.socks5(host, uri.getPort() > 0 ? uri.getPort() : Ports.SOCKS).withRemoteDns(false);
                break;
            case "socks5h":
                config = ProxyConfig.socks5(host, uri.getPort() > 0 ? uri.getPort() : Ports.SOCKS);
                break;
            default:
                throw new InternetException(InternetError.INVALID_PARAMETER, source + ": proxy scheme " + scheme
                        + " is not supported; use http://, socks5:// or socks5h://");
        }
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String user = decode(colon < 0 ? info : info.substring(0, colon));
            String password = colon < 0 ? "" : decode(info.substring(colon + 1));
            config = config.withCredentials(user, password);
        }
        return config;
    }

    /** The URL with its password replaced, for messages. */
    private static String redact(String text) {
        return text.replaceFirst("(://[^:/@]*):[^@/]*@", "$1:****@");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
