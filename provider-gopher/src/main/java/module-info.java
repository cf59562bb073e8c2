/**
 * The Gopher provider: RFC 1436 Gopher and Gopher+, plain ({@code gopher}, port 70) and over TLS
 * ({@code gophers}, {@link io.inetkit.ConnectFlag#SECURE}), behind {@link io.inetkit.Service#GOPHER}.
 * It exports nothing: applications use {@link io.inetkit.gopher.GopherSession} from the API, and the
 * provider comes in through service binding.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      GopherSession gopher = internet.connect(Service.GOPHER, "gopher.floodgap.com")) {
 *     gopher.menu().forEach(item -> System.out.println(item.typeCode() + " " + item.display()));
 * }
 * }</pre>
 *
 * <p>System properties bound what a server may send (a server past a limit fails the operation with
 * {@code ERROR_GOPHER_PROTOCOL_ERROR}); they are read at each operation:
 * <ul>
 *   <li>{@code io.inetkit.gopher.maxLineBytes}: the longest menu or attribute line, 8192 bytes;</li>
 *   <li>{@code io.inetkit.gopher.maxMenuItems}: the most items in one menu, 100000;</li>
 *   <li>{@code io.inetkit.gopher.maxMenuBytes}: the largest menu or attribute reply, 16 MiB.</li>
 * </ul>
 *
 * @provides io.inetkit.spi.ServiceProvider {@code Service.GOPHER} (id 2), schemes {@code gopher}
 *     and {@code gophers}, default port 70
 * @since 0.1.0
 */
module io.inetkit.provider.gopher {
    requires io.inetkit;
    requires org.slf4j;

    provides io.inetkit.spi.ServiceProvider with io.inetkit.provider.gopher.GopherProvider;
}
