package io.inetkit.provider.http.cookie;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * publicsuffix.org's list: the domains under which anyone may register a name ({@code com},
 * {@code co.uk}, {@code github.io}), for which a cookie store refuses domain cookies, so that one
 * site cannot set a cookie for every site under the same suffix. The list is the copy that Apache
 * HttpClient 5 ships, taken from its jar at build time (no HttpClient at run time), read
 * once per JVM, on the first cookie with a {@code Domain} attribute.
 */
public final class PublicSuffixes {

    static final String RESOURCE = "public_suffix_list.dat";

    private final Set<String> rules = new HashSet<>();
    private final Set<String> wildcards = new HashSet<>(); // "*.ck" as "ck"
    private final Set<String> exceptions = new HashSet<>(); // "!www.ck" as "www.ck"
    private final String version;

    private PublicSuffixes(InputStream list) throws IOException {
        String seen = "unknown";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.startsWith("// VERSION: ")) {
                    seen = line.substring("// VERSION: ".length());
                }
                if (line.isEmpty() || line.startsWith("//")) {
                    continue;
                }
                int space = line.indexOf(' ');
                String rule = space < 0 ? line : line.substring(0, space);
                if (rule.startsWith("!")) {
                    exceptions.add(ascii(rule.substring(1)));
                } else if (rule.startsWith("*.")) {
                    wildcards.add(ascii(rule.substring(2)));
                } else {
                    rules.add(ascii(rule));
                }
            }
        }
        this.version = seen;
    }

    /** The list the provider ships. */
    public static PublicSuffixes shipped() {
        return Holder.SHIPPED;
    }

    /** A list read from a stream in publicsuffix.org's format, for tests. */
    static PublicSuffixes read(InputStream list) throws IOException {
        return new PublicSuffixes(list);
    }

    /** The list's {@code VERSION} line: when publicsuffix.org made it. */
    public String version() {
        return version;
    }

    /** How many rules the list has. */
    public int size() {
        return rules.size() + wildcards.size() + exceptions.size();
    }

    /**
     * Whether the domain (lower case, ASCII) is itself a public suffix, by the list's algorithm: an
     * exception rule wins, then a rule or a wildcard rule that matches it whole, and a single label
     * that no rule names is a suffix too (the implicit {@code *} rule).
     */
    public boolean isPublicSuffix(String domain) {
        if (exceptions.contains(domain)) {
            return false;
        }
        if (rules.contains(domain)) {
            return true;
        }
        int dot = domain.indexOf('.');
        return dot < 0 || wildcards.contains(domain.substring(dot + 1));
    }

    private static String ascii(String rule) {
        try {
            return IDN.toASCII(rule, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return rule.toLowerCase(Locale.ROOT);
        }
    }

    private static final class Holder {
        static final PublicSuffixes SHIPPED = load();

        private static PublicSuffixes load() {
            InputStream list = PublicSuffixes.class.getResourceAsStream(RESOURCE);
            if (list == null) {
                throw new IllegalStateException("the provider's jar lacks " + RESOURCE + ": a broken build");
            }
            try {
                return new PublicSuffixes(list);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the provider's " + RESOURCE, e);
            }
        }
    }
}
