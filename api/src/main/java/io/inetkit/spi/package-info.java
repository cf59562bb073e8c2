/**
 * The provider SPI: what a protocol plugin implements. A {@link io.inetkit.spi.ServiceProvider} is
 * found by {@link java.util.ServiceLoader} and opens {@link io.inetkit.spi.Connection}s; each
 * connection makes session handles, best built on {@link io.inetkit.spi.AbstractSession}, over the
 * API's {@link io.inetkit.spi.SessionSupport}. Everything a provider needs from the
 * {@link io.inetkit.Internet} comes through its {@link io.inetkit.spi.ProviderContext}.
 *
 * <h2>Writing a provider</h2>
 *
 * <p>A provider depends on the API alone ({@code inetkit-api}, module {@code io.inetkit}), as a third
 * party's does. {@code examples/provider-echo} in the project is a complete one, RFC 862 Echo, in
 * four small classes; the steps below say what it does and why.
 *
 * <ol>
 *   <li><b>A service id and a session interface.</b> Give the protocol a
 *       {@link io.inetkit.Service}: {@code Service.of(id, name, SessionType.class)}, with a positive
 *       id no other provider uses (1 to 3 are WinINet's FTP, Gopher and HTTP; the Echo example takes
 *       its RFC's number, 862) and a short lower-case name. The session interface extends
 *       {@link io.inetkit.Session}, declares the protocol's operations, each throwing
 *       {@link io.inetkit.InternetException}, and lives in the one package the module exports.</li>
 *   <li><b>The provider.</b> A public class with a public no-argument constructor that does nothing
 *       slow: every installed provider is made when a registry loads. It says its service, its
 *       default port ({@link io.inetkit.Ports#DEFAULT} asks for it), its URL schemes (lower case) and
 *       the {@link io.inetkit.ConnectFlag}s it takes; the API refuses any other flag before
 *       {@code connect}. It holds no global state: what a connection needs comes from its
 *       {@link io.inetkit.spi.ProviderContext}.</li>
 *   <li><b>The connection.</b> {@link io.inetkit.spi.ServiceProvider#connect} returns a
 *       {@link io.inetkit.spi.Connection}: the live link to one server, which the API closes once,
 *       after its last handle. Connect and log in there, as FTP does, or on the first operation, as
 *       HTTP, Gopher and Echo do; either way the failures below are the same.</li>
 *   <li><b>Sessions on {@link io.inetkit.spi.AbstractSession}.</b> It implements everything of
 *       {@code Session} that is the same for every service (identity, context, close, async); write
 *       the operations, each starting with {@code ensureOpen()}, so that a closed handle fails with
 *       {@link io.inetkit.InternetError#INVALID_HANDLE}. Register what an operation opens (a stream)
 *       with {@code support().track(...)} so that it closes with the session.</li>
 *   <li><b>Status events.</b> Publish through the {@link io.inetkit.spi.StatusPublisher} of the
 *       handle doing the work ({@code AbstractSession.status()}), or of the connect
 *       ({@link io.inetkit.spi.ProviderContext#status()}) inside {@code connect}: the API adds the
 *       context object of that handle's request, which every event of a session must carry. Never
 *       publish with another handle's publisher, nor after {@code Connection.close()} returns:
 *       {@link io.inetkit.InternetStatus#HANDLE_CLOSING} is a session's last event. Each status has
 *       one payload type, the same in every provider (see {@link io.inetkit.InternetStatus}).</li>
 *   <li><b>Errors with WinINet's codes.</b> Throw {@link io.inetkit.InternetException} with the
 *       {@link io.inetkit.InternetError} of what failed and a message that names the server
 *       ({@code host:port}) and never a password. The same network failure has the same code in every
 *       provider: a refused connection {@link io.inetkit.InternetError#CANNOT_CONNECT}, a name that does
 *       not resolve {@link io.inetkit.InternetError#NAME_NOT_RESOLVED}, a connect or a read that runs
 *       out of time {@link io.inetkit.InternetError#TIMEOUT}, a reset (TCP RST, "Connection reset")
 *       {@link io.inetkit.InternetError#CONNECTION_RESET}, any other early end
 *       {@link io.inetkit.InternetError#CONNECTION_ABORTED}: map every {@link java.io.IOException} of
 *       the transport with {@link io.inetkit.spi.TransportErrors}, which gives these codes and
 *       inetkit's message shape, {@code "<what>: <failure> (<host:port>)"}; a read on a stream closed
 *       before it is {@link io.inetkit.InternetError#INVALID_HANDLE}, one that a close cut short
 *       {@link io.inetkit.InternetError#OPERATION_CANCELLED}. An {@code InternetException} from the
 *       SPI's helpers (a proxy's failure, a TLS one) is rethrown as it is: it already names the proxy
 *       or the certificate.</li>
 *   <li><b>Timeouts.</b> Bound every connect by {@link io.inetkit.spi.ProviderContext#connectTimeoutMillis()}
 *       and every read by {@link io.inetkit.spi.ProviderContext#readTimeoutMillis()}: not
 *       {@code (int) connectTimeout().toMillis()}, which turns a timeout under a millisecond into 0,
 *       "forever". Bound what a server sends by {@link io.inetkit.spi.ProviderContext#limits()}.</li>
 *   <li><b>Proxies.</b> Connect with a {@link io.inetkit.spi.ProxiedSocket} made from
 *       {@link io.inetkit.spi.ProviderContext#proxy()} wherever you would make a {@code new Socket()}:
 *       it goes through a SOCKS5 proxy or an HTTP proxy's {@code CONNECT} tunnel when the
 *       {@code Internet} has one, and straight to the server otherwise. Give it an unresolved address
 *       when {@link io.inetkit.spi.ProxyRoute#select} says the route is not direct: the proxy may be the
 *       only one that can resolve the name. A provider that cannot use a proxy throws
 *       {@link io.inetkit.InternetError#NOT_SUPPORTED} when one is set; it never goes around it.</li>
 *   <li><b>TLS.</b> For {@link io.inetkit.ConnectFlag#SECURE}, layer TLS over the connected socket with
 *       {@link io.inetkit.spi.TlsSupport#handshake}: the {@code Internet}'s trust, host-name checks, SNI,
 *       the handshake within the connect timeout and its failures mapped. List an {@code INSECURE_…}
 *       flag in {@code supportedFlags()} only if the provider honours it.</li>
 *   <li><b>Registration, both ways.</b> {@code provides io.inetkit.spi.ServiceProvider with ...} in
 *       {@code module-info.java} for the module path, and the class name in
 *       {@code META-INF/services/io.inetkit.spi.ServiceProvider} for the class path; see
 *       {@link io.inetkit.spi.ServiceProvider}. Export the session interface's package, not the
 *       provider's.</li>
 *   <li><b>Test it with the conformance kit.</b> Extend
 *       {@code io.inetkit.testkit.conformance.ProviderConformance} (artifact
 *       {@code io.inetkit:inetkit-testkit-conformance}, test scope) with the provider's identity, a
 *       server and one operation: sixteen checks of the above, the two declarations agreeing among
 *       them. The Echo example's {@code EchoConformanceTest} is one.</li>
 * </ol>
 *
 * <p>A whole provider, RFC 867 Daytime (the server sends the time and closes), in the shape the
 * steps describe; it passes the conformance kit:
 *
 * <pre>{@code
 * // com/example/daytime/DaytimeSession.java: the exported package
 * public interface DaytimeSession extends Session {
 *     Service<DaytimeSession> SERVICE = Service.of(867, "daytime", DaytimeSession.class);
 *
 *     String time() throws InternetException;
 * }
 *
 * // com/example/daytime/internal/DaytimeProvider.java
 * public final class DaytimeProvider implements ServiceProvider {
 *     public Service<?> service() { return DaytimeSession.SERVICE; }
 *     public int defaultPort(Set<ConnectFlag> flags) { return 13; }
 *     public Set<String> schemes() { return Set.of(); }
 *     public Set<ConnectFlag> supportedFlags() { return Set.of(); }
 *
 *     // Connects, through the Internet's proxy if it has one, and reads the time: RFC 867 is that.
 *     public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
 *         String where = spec.host() + ":" + spec.port();
 *         TransportErrors errors = new TransportErrors(where, context);
 *         try (Socket socket = new ProxiedSocket(context.proxy())) {
 *             context.status().publish(InternetStatus.CONNECTING_TO_SERVER, where);
 *             // Unresolved: a proxy resolves the name itself; a direct connection resolves it here.
 *             socket.connect(InetSocketAddress.createUnresolved(spec.host(), spec.port()),
 *                     context.connectTimeoutMillis());
 *             socket.setSoTimeout(context.readTimeoutMillis());
 *             context.status().publish(InternetStatus.CONNECTED_TO_SERVER, where);
 *             String time = new BufferedReader(new InputStreamReader(socket.getInputStream(),
 *                     StandardCharsets.US_ASCII)).readLine();
 *             if (time == null) {
 *                 throw errors.endedEarly("reading the time", "before its line");
 *             }
 *             context.status().publish(InternetStatus.RESPONSE_RECEIVED, time);
 *             return new DaytimeConnection(time);
 *         } catch (IOException e) {
 *             // A proxy's or TLS's InternetException as it is; every other failure as inetkit maps it.
 *             throw errors.of("reading the time", e);
 *         }
 *     }
 *
 *     // Holds nothing: the socket was closed once the time came.
 *     private record DaytimeConnection(String time) implements Connection {
 *         public Session newSession(SessionSupport support) { return new DaytimeSessionImpl(support, time); }
 *         public void close() { }
 *     }
 *
 *     private static final class DaytimeSessionImpl extends AbstractSession implements DaytimeSession {
 *         private final String time;
 *
 *         DaytimeSessionImpl(SessionSupport support, String time) {
 *             super(support);
 *             this.time = time;
 *         }
 *
 *         public String time() throws InternetException {
 *             ensureOpen(); // INVALID_HANDLE once closed
 *             return time;
 *         }
 *     }
 * }
 *
 * // module-info.java
 * module com.example.daytime {
 *     requires io.inetkit;
 *     exports com.example.daytime;
 *     provides io.inetkit.spi.ServiceProvider with com.example.daytime.internal.DaytimeProvider;
 * }
 * // META-INF/services/io.inetkit.spi.ServiceProvider
 * com.example.daytime.internal.DaytimeProvider
 * }</pre>
 *
 * <p>And its test, run with the provider's other tests:
 *
 * <pre>{@code
 * class DaytimeConformanceTest extends ProviderConformance<DaytimeSession> {
 *     protected ProviderIdentity<DaytimeSession> identity() {
 *         return ProviderIdentity.of(DaytimeProvider.class, DaytimeSession.SERVICE, 13);
 *     }
 *     protected InetSocketAddress server() { return daytimeServer.address(); }   // the test's own server
 *     protected void operate(DaytimeSession session) throws IOException {
 *         assertFalse(session.time().isEmpty());
 *     }
 * }
 * }</pre>
 *
 * <p>Arguments are non-null, and results are never null, unless a method says otherwise. Values made
 * here check themselves at once ({@code ConnectSpec}: {@link IllegalArgumentException}).
 */
package io.inetkit.spi;
