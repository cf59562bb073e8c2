package io.inetkit.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inetkit.Service;
import io.inetkit.http.HttpRequest;
import io.inetkit.http.HttpResponse;
import io.inetkit.http.HttpSession;
import io.inetkit.http.RequestBody;
import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.conformance.ProviderConformance;
import io.inetkit.testkit.conformance.ProviderIdentity;
import io.inetkit.testkit.http.TestHttpServer;
import io.inetkit.testkit.http.TestResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The HTTP provider against the conformance kit's checks, on its HTTP/1.1 engine (plain http). */
class HttpConformanceTest extends ProviderConformance<HttpSession> {

    @StartStop
    final TestHttpServer http = TestHttpServer.newBuilder().dispatcher(request -> TestResponse.ok("conformance"))
            .build();

    @Override
    protected ProviderIdentity<HttpSession> identity() {
        return ProviderIdentity.of(HttpProvider.class, Service.HTTP, 80, "http", "https");
    }

    @Override
    protected InetSocketAddress server() {
        return http.address();
    }

    @Override
    protected void operate(HttpSession session) throws IOException {
        try (HttpResponse response = session.send(HttpRequest.get("/"))) {
            assertEquals(200, response.statusCode());
            assertEquals("conformance", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    protected boolean send(HttpSession session, byte[] bytes) throws IOException {
        session.send(HttpRequest.newBuilder("/").method("POST").body(RequestBody.of(bytes)).build()).close();
        return true;
    }
}
