package io.inetkit.toolbox.auth;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the challenges of a 401's {@code WWW-Authenticate} or a 407's {@code Proxy-Authenticate}
 * fields by RFC 9110's grammar: several challenges in one field and across fields, each with a
 * token68 or comma-separated parameters whose values are tokens or quoted strings. What the server
 * may make it hold is bounded by {@link Limits#maxChallengeBytes()} and {@link Limits#maxChallenges()}.
 *
 * <p>A challenge that breaks the grammar (a parameter twice, an unterminated quoted string, a stray
 * character) is dropped with the rest of its field, so that a broken challenge can never be
 * mistaken for part of another; the challenges before it in that field, and the other fields, stand.
 */
public final class ChallengeParser {

    private final Limits limits;

    public ChallengeParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * The challenges of these field values, in order.
     *
     * @param where the server or proxy, {@code host:port}, for the message of a limit
     * @throws InternetException {@code HTTP_INVALID_SERVER_RESPONSE} past a limit
     */
    public List<Challenge> parse(List<String> fields, String where) throws InternetException {
        long bytes = 0;
        for (String field : fields) {
            bytes += field.length();
        }
        if (bytes > limits.maxChallengeBytes()) {
            throw Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, "authentication challenges of"
                    + " more than " + limits.maxChallengeBytes() + " bytes", "maxChallengeBytes");
        }
        List<Challenge> challenges = new ArrayList<>();
        for (String field : fields) {
            new Field(field, challenges, where).read();
        }
        return challenges;
    }

    /** The reading of one field value. */
    private final class Field {
        private final String text;
        private final List<Challenge> out;
        private final String where;
        private int i;

        Field(String text, List<Challenge> out, String where) {
            this.text = text;
            this.out = out;
            this.where = where;
        }

        void read() throws InternetException {
            while (true) {
                skipSeparators();
                if (i >= text.length()) {
                    return;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    return; // not a challenge: the rest of the field cannot be read safely
                }
                int spaces = skipSpaces();
                if (i >= text.length() || text.charAt(i) == ',') {
                    add(new Challenge(scheme, null, Map.of()));
                    continue;
                }
                if (spaces == 0) {
                    return; // the scheme runs into something that is not a token
                }
                String token68 = token68();
                if (token68 != null) {
                    add(new Challenge(scheme, token68, Map.of()));
                    continue;
                }
                Map<String, String> params = params();
                if (params == null) {
                    return;
                }
                add(new Challenge(scheme, null, params));
            }
        }

        /** The parameters, up to the next challenge's scheme or the end; {@code null} if broken. */
        private Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                int start = i;
                String name = token();
                if (name.isEmpty()) {
                    return i >= text.length() ? params : null;
                }
                skipSpaces();
                if (i >= text.length() || text.charAt(i) != '=') {
                    i = start; // the scheme of the next challenge
                    return params;
                }
                i++;
                skipSpaces();
                String value = i < text.length() && text.charAt(i) == '"' ? quoted() : token();
                if (value == null || value.isEmpty()
                        || params.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), value) != null) {
                    return null;
                }
                skipSpaces();
                if (i >= text.length()) {
                    return params;
                }
                if (text.charAt(i) != ',') {
                    return null;
                }
                skipSeparators();
                if (i >= text.length()) {
                    return params;
                }
            }
        }

        /** A token68 that ends the challenge, or {@code null} (and nothing read) if there is none. */
        private String token68() {
            int start = i;
            int j = i;
            while (j < text.length() && isToken68(text.charAt(j))) {
                j++;
            }
            if (j == start) {
                return null;
            }
            while (j < text.length() && text.charAt(j) == '=') {
                j++;
            }
            int end = j;
            while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                j++;
            }
            if (j < text.length() && text.charAt(j) != ',') {
                return null; // a parameter: name=value
            }
            i = j;
            return text.substring(start, end);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            i++;
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (i >= text.length()) {
                        return null;
                    }
                    c = text.charAt(i++);
                }
                if (c < ' ' && c != '\t' || c == 0x7f) {
                    return null;
                }
                value.append(c);
            }
            return null; // never closed
        }

        private String token() {
            int start = i;
            while (i < text.length() && isTchar(text.charAt(i))) {
                i++;
            }
            return text.substring(start, i);
        }

        private void add(Challenge challenge) throws InternetException {
            if (out.size() >= limits.maxChallenges()) {
                throw Limits.exceeded(InternetError.HTTP_INVALID_SERVER_RESPONSE, where, "more than "
                        + limits.maxChallenges() + " authentication challenges", "maxChallenges");
            }
            out.add(challenge);
        }

        private int skipSpaces() {
            int start = i;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            return i - start;
        }

        private void skipSeparators() {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == ',')) {
                i++;
            }
        }
    }

    private static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isToken68(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0;
    }
}
