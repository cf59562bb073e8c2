/**
 * The HTTP provider of inetkit: {@link io.inetkit.http.HttpSession} for {@code Service.HTTP}
 * (schemes {@code http} and {@code https}) on the JDK's {@code java.net.http}, so that a jlink
 * image needs no library beyond the JDK's own modules.
 *
 * <p>It exports nothing: applications use the API in {@code io.inetkit} and get this module
 * through service binding.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      HttpSession http = internet.connect(Service.HTTP, "example.org");
 *      HttpResponse response = http.send(HttpRequest.get("/"))) {
 *     response.body().transferTo(System.out);
 * }
 * }</pre>
 *
 * @provides io.inetkit.spi.ServiceProvider the HTTP service, id 3
 */
module io.inetkit.provider.http {
    requires io.inetkit;
    requires java.net.http;
    requires org.slf4j;

    provides io.inetkit.spi.ServiceProvider with io.inetkit.provider.http.HttpProvider;
}
