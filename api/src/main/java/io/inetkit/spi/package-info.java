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
 *       one info type, the same in every provider ({@link io.inetkit.InternetStatus#infoType()}):
 *       byte counts as {@link Long}s, addresses as {@link java.net.InetSocketAddress}es; an info of
 *       another type is dropped (and fails tests, which run with assertions on).</li>
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
 *   <li><b>Timeouts and the deadline.</b> Each bound fails with
 *       {@link io.inetkit.InternetError#TIMEOUT}, its connection cut, and a message that names it and
 *       its builder option ({@code Internet.Builder.readTimeout}, ...).
 *       <ul>
 *         <li>Connect: {@link io.inetkit.spi.ProviderContext#connectTimeoutMillis()} to
 *             {@code Socket.connect}, not {@code (int) connectTimeout().toMillis()}, which turns a
 *             timeout under a millisecond into 0, "forever"; the TLS handshake too
 *             ({@link io.inetkit.spi.TlsSupport#handshake} does).</li>
 *         <li>Read: {@link io.inetkit.spi.ProviderContext#readTimeoutMillis()} as the socket's
 *             {@code SO_TIMEOUT}, which bounds each wait for the next byte.</li>
 *         <li>Write: a socket write ignores {@code SO_TIMEOUT}, and a server that stops reading
 *             blocks it for good. Write in pieces (64 KiB, say), each under
 *             {@link io.inetkit.spi.Deadline#writing(ProviderContext)}, whose timer resets the socket
 *             when a piece waits longer than {@link io.inetkit.spi.ProviderContext#writeTimeout()}.</li>
 *         <li>Deadline: {@link io.inetkit.spi.ProviderContext#deadline()} bounds a whole operation,
 *             however steadily bytes flow. Start a {@link io.inetkit.spi.Deadline} at the start of each
 *             connect and operation, let it {@linkplain io.inetkit.spi.Deadline#cuts cut} the socket
 *             in use, report {@link io.inetkit.spi.Deadline#error} for whatever the cut made fail
 *             when {@link io.inetkit.spi.Deadline#isExpired()}, and close it when the operation ends:
 *             for an operation that returns a stream, when the stream is closed or read to its end.
 *             Without a bound it costs nothing.</li>
 *       </ul>
 *       Bound what a server sends by {@link io.inetkit.spi.ProviderContext#limits()}.</li>
 *   <li><b>Proxies.</b> Connect with a {@link io.inetkit.spi.ProxiedSocket} made from
 *       {@link io.inetkit.spi.ProviderContext#proxy()} and the context wherever you would make a
 *       {@code new Socket()}: it goes through a SOCKS5 proxy or an HTTP proxy's {@code CONNECT} tunnel when the
 *       {@code Internet} has one, and straight to the server otherwise, and answers an HTTP proxy's
 *       challenges (Basic, Digest, Negotiate) with the proxy's credentials or the {@code Internet}'s
 *       {@link io.inetkit.http.Authenticator}. Give it an unresolved address
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
 *       server and one operation (and, if it uploads, an operation that sends): eighteen checks of
 *       the above, the two declarations agreeing among them. The Echo example's {@code EchoConformanceTest} is one.</li>
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
 *     // The Internet's deadline bounds it all: its timer resets the socket, and the blocked call fails.
 *     public Connection connect(ConnectSpec spec, ProviderContext context) throws InternetException {
 *         String where = spec.host() + ":" + spec.port();
 *         TransportErrors errors = new TransportErrors(where, context);
 *         // Unresolved: a proxy resolves the name itself; a direct connection resolves it here.
 *         InetSocketAddress address = InetSocketAddress.createUnresolved(spec.host(), spec.port());
 *         try (Deadline deadline = Deadline.start(context); Socket socket = new ProxiedSocket(context.proxy(), context)) {
 *             deadline.cuts(socket);
 *             try {
 *                 return read(context, socket, address, errors);
 *             } catch (IOException e) {
 *                 throw deadline.isExpired() ? deadline.error("reading the time from " + where, e) : e;
 *             }
 *         } catch (IOException e) {
 *             // The deadline's, a proxy's or TLS's InternetException as it is; every other failure as
 *             // inetkit maps it.
 *             throw errors.of("reading the time", e);
 *         }
 *     }
 *
 *     private static Connection read(ProviderContext context, Socket socket, InetSocketAddress address,
 *             TransportErrors errors) throws IOException {
 *         context.status().publish(InternetStatus.CONNECTING_TO_SERVER, address);
 *         socket.connect(address, context.connectTimeoutMillis());
 *         socket.setSoTimeout(context.readTimeoutMillis());
 *         context.status().publish(InternetStatus.CONNECTED_TO_SERVER, address);
 *         String time = new BufferedReader(new InputStreamReader(socket.getInputStream(),
 *                 StandardCharsets.US_ASCII)).readLine();
 *         if (time == null) {
 *             throw errors.endedEarly("reading the time", "before its line");
 *         }
 *         context.status().publish(InternetStatus.RESPONSE_RECEIVED, (long) time.length() + 2); // bytes, CR LF too
 *         return new DaytimeConnection(time);
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
