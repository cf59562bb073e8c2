package io.inetkit.toolbox.auth;

import io.inetkit.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Basic (RFC 7617): the user and password in UTF-8, as its {@code charset="UTF-8"} asks and curl sends. */
public final class BasicCredentials {

    private BasicCredentials() {
    }

    /** The field value for these credentials. */
    public static String authorization(Credentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }
}
