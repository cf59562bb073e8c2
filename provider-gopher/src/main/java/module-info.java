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
 * <p>What a server may send is bounded by the {@link io.inetkit.Limits} of the {@code Internet}
 * ({@code Internet.Builder.limits}); a server past a limit fails the operation with
 * {@code ERROR_GOPHER_PROTOCOL_ERROR}, and the message names the limit:
 * <ul>
 *   <li>{@link io.inetkit.Limits#maxLineBytes()}: a menu or attribute line, and a request;</li>
 *   <li>{@link io.inetkit.Limits#maxListEntries()} and {@link io.inetkit.Limits#maxListBytes()}: a menu
 *       returned whole by {@code menu} or {@code search}; {@code menuStream} reads one of any length;</li>
 *   <li>{@link io.inetkit.Limits#maxReplyBytes()}: a Gopher+ attribute reply.</li>
 * </ul>
 * It reads no system properties.
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
