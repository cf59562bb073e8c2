/**
 * An example of a third-party inetkit provider: the Echo Protocol of RFC 862, written against the
 * inetkit API alone, with a service id of its own. Nothing in inetkit's API changed for it.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      EchoSession echo = internet.connect(ConnectRequest.newBuilder(EchoSession.SERVICE, "localhost")
 *              .port(7007).build())) {
 *     System.out.println(echo.echo("hello"));
 * }
 * }</pre>
 *
 * @provides io.inetkit.spi.ServiceProvider the Echo service, id 862
 */
module com.example.echo {
    requires transitive io.inetkit;

    exports com.example.echo;

    provides io.inetkit.spi.ServiceProvider with com.example.echo.internal.EchoProvider;
}
