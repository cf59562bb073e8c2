package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.ProxyConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of {@code -x}, {@code --noproxy} and curl's proxy environment variables. */
class ProxyOptionsTest {

    private static ProxyOptions options(String proxy, String noProxy) {
        ProxyOptions options = new ProxyOptions();
        options.proxy = proxy;
        options.noProxy = noProxy;
        return options;
    }

    @Test
    void parsesTheThreeSchemesWithCurlsDefaultPort() throws Exception {
        ProxyConfig http = ProxyOptions.parse("http://proxy.corp:3128", "-x");
        assertEquals(ProxyConfig.Type.HTTP, http.type());
        assertEquals(3128, http.port());
        ProxyConfig socks = ProxyOptions.parse("socks5://10.0.0.1", "-x");
        assertEquals(ProxyConfig.Type.SOCKS5, socks.type());
        assertEquals(1080, socks.port());
        assertFalse(socks.remoteDns(), "socks5:// resolves names here");
        assertTrue(ProxyOptions.parse("socks5h://10.0.0.1:9050", "-x").remoteDns(), "socks5h:// lets the proxy resolve");
        assertEquals(ProxyConfig.Type.HTTP, ProxyOptions.parse("proxy.corp:8080", "-x").type(), "no scheme: HTTP");
    }

    @Test
    void takesPercentEncodedCredentialsAndNeverShowsThePassword() throws Exception {
        ProxyConfig config = ProxyOptions.parse("socks5h://joe:p%40ss+word@127.0.0.1:1080", "-x");
        assertEquals("joe", config.user().orElseThrow());
        assertEquals("p@ss+word", config.password().orElseThrow());
        assertFalse(config.toString().contains("p@ss"), config.toString());
        InternetException e = assertThrows(InternetException.class,
                () -> ProxyOptions.parse("ftp://joe:hidden-Pw@proxy:21", "-x"));
        assertEquals(InternetError.INVALID_PARAMETER, e.error());
        assertFalse(e.getMessage().contains("hidden-Pw"), e.getMessage());
    }

    @Test
    void choosesTheEnvironmentVariableByTheUrlsSchemeAsCurlDoes() throws Exception {
        Map<String, String> env = Map.of("http_proxy", "http://h:1", "HTTPS_PROXY", "http://s:2",
                "ALL_PROXY", "socks5h://a:3", "HTTP_PROXY", "http://ignored:9");
        ProxyOptions none = options(null, null);
        assertEquals("h", none.config("http", env).host().orElseThrow());
        assertEquals("s", none.config("https", env).host().orElseThrow());
        assertEquals("a", none.config("ftp", env).host().orElseThrow());
        assertEquals("a", none.config("gopher", env).host().orElseThrow());
        assertEquals("a", none.config("http", Map.of("HTTP_PROXY", "http://ignored:9", "all_proxy", "socks5h://a:3"))
                .host().orElseThrow(), "upper-case HTTP_PROXY is not read, as in curl");
        assertEquals(ProxyConfig.Type.SYSTEM, none.config("http", Map.of()).type());
    }

    @Test
    void theOptionOverridesTheEnvironment() throws Exception {
        ProxyConfig config = options("socks5://x:7", null).config("http", Map.of("http_proxy", "http://h:1"));
        assertEquals("x", config.host().orElseThrow());
    }

    @Test
    void noProxyListsBecomeTheBypassList() throws Exception {
        ProxyConfig fromEnv = options(null, null).config("ftp",
                Map.of("ALL_PROXY", "socks5h://a:3", "NO_PROXY", "localhost, .corp.example,*.lan"));
        assertEquals(List.of("localhost", "corp.example", "*.lan"), fromEnv.bypass());
        assertTrue(fromEnv.bypasses("localhost"));
        assertTrue(fromEnv.bypasses("corp.example"));
        ProxyConfig option = options("http://p:8080", "<local>").config("http", Map.of("no_proxy", "other"));
        assertEquals(List.of("<local>"), option.bypass());
        assertEquals(ProxyConfig.Type.DIRECT, options("http://p:8080", "*").config("http", Map.of()).type());
    }
}
