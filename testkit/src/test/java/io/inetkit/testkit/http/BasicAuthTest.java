package io.inetkit.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.testkit.StartStop;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

    @StartStop final TestHttpServer server = TestHttpServer.newBuilder().requireBasicAuth("alice", "open-sesame").build();

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.url("/private"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingOrWrongCredentialsGet401WithAChallengeAndKeepTheQueue() throws Exception {
        server.enqueue(TestResponse.ok("secret stuff"));

        HttpResponse<String> missing = get(null);
        HttpResponse<String> wrong = get(basic("alice", "guess"));
        HttpResponse<String> right = get(basic("alice", "open-sesame"));

        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
        assertEquals(401, wrong.statusCode());
        assertEquals(200, right.statusCode());
        assertEquals("secret stuff", right.body());
        assertEquals(3, server.requestCount(), "refused requests are recorded too");
    }

    @Test
    void jdkClientAuthenticatorAnswersTheChallenge() throws Exception {
        server.enqueue(TestResponse.ok("in"));
        HttpClient authenticating = HttpClient.newBuilder().authenticator(new java.net.Authenticator() {
            @Override
            protected java.net.PasswordAuthentication getPasswordAuthentication() {
                return new java.net.PasswordAuthentication("alice", "open-sesame".toCharArray());
            }
        }).build();
        HttpResponse<String> response = authenticating.send(HttpRequest.newBuilder(server.url("/")).build(), BodyHandlers.ofString());
        assertEquals("in", response.body());
        assertEquals(java.util.Optional.empty(), server.takeRequest().header("Authorization"));
        assertEquals(java.util.Optional.of(basic("alice", "open-sesame")), server.takeRequest().header("Authorization"));
    }
}
