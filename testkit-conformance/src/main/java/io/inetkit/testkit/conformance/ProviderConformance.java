package io.inetkit.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inetkit.ConnectFlag;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.InternetStatus;
import io.inetkit.ProviderRegistry;
import io.inetkit.ProxyConfig;
import io.inetkit.Service;
import io.inetkit.ServiceInfo;
import io.inetkit.Session;
import io.inetkit.StatusEvent;
import io.inetkit.StatusListener;
import io.inetkit.spi.ServiceProvider;
import io.inetkit.testkit.daemon.DanteServer;
import io.inetkit.testkit.proxy.Direction;
import io.inetkit.testkit.proxy.Fault;
import io.inetkit.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider conformance kit: a JUnit 5 test class that a provider's own test extends to check that
 * the provider keeps the contract every inetkit provider keeps. The subclass says what the provider
 * is ({@link #identity()}), where a working server of its protocol runs ({@link #server()}) and one
 * operation that talks to it ({@link #operate(Session)}); the kit makes the failing servers itself,
 * with plain sockets on loopback.
 *
 * <pre>{@code
 * class EchoConformanceTest extends ProviderConformance<EchoSession> {
 *
 *     @StartStop final TestServer server = ...;   // a server of the protocol, for each test
 *
 *     @Override
 *     protected ProviderIdentity<EchoSession> identity() {
 *         return ProviderIdentity.of(EchoProvider.class, EchoSession.SERVICE, EchoSession.DEFAULT_PORT, "echo");
 *     }
 *
 *     @Override
 *     protected InetSocketAddress server() {
 *         return server.address();
 *     }
 *
 *     @Override
 *     protected void operate(EchoSession session) throws IOException {
 *         assertEquals("conformance", session.echo("conformance"));
 *     }
 * }
 * }</pre>
 *
 * <p>The package documentation has the complete test of the example provider in
 * {@code examples/provider-echo}.
 *
 * <p>What the checks prove, each a test method of its own:
 * <ul>
 *   <li><b>Discovery and identity.</b> The {@link ProviderRegistry} finds the provider and picks it
 *       for its service id, with the service name, default port and schemes of {@link #identity()};
 *       the provider's own methods say the same; {@code ServiceLoader} can make it; the provider's
 *       jar or classes folder declares it both ways, in {@code module-info} ({@code provides}) and in
 *       {@code META-INF/services/io.inetkit.spi.ServiceProvider}, and the two agree (read from the
 *       files, found from the provider class's code source); a connect returns a session of the
 *       service's interface.</li>
 *   <li><b>Lifecycle.</b> A session connects, operates and closes; closing twice is harmless and
 *       announced once; an operation after close fails with {@link InternetError#INVALID_HANDLE};
 *       closing the {@link Internet} closes its sessions and, seen from a TCP proxy in front of the
 *       server, every connection the provider opened.</li>
 *   <li><b>Status events.</b> Every event of a session carries the context object given to its
 *       connect, for synchronous and asynchronous operations, and info of the type its status
 *       declares ({@link InternetStatus#infoType()}: with assertions on, as in tests, a provider that
 *       publishes another type fails in {@code publish}); {@link InternetStatus#HANDLE_CLOSING} is the
 *       last one, once.</li>
 *   <li><b>Errors and timeouts.</b> The same failure has the same code in every provider: a refused
 *       connection is {@link InternetError#CANNOT_CONNECT}, a reset one (TCP RST)
 *       {@link InternetError#CONNECTION_RESET}, a server that never completes the TCP handshake
 *       {@link InternetError#TIMEOUT} within the connect timeout plus {@link #SLACK}, and one that
 *       accepts and never answers {@link InternetError#TIMEOUT} within the read timeout plus
 *       {@link #SLACK}. The failure may come from {@code connect} (providers that connect there, as
 *       FTP) or from the first operation (lazy ones, as HTTP), and the message names the port. A
 *       server that sends a byte a second, which no read timeout cuts, fails with
 *       {@link InternetError#TIMEOUT} within the {@link Internet.Builder#deadline deadline}
 *       ({@link #DEADLINE}) of the connect and of the operation plus {@link #SLACK}, and the
 *       connection is cut (see {@link io.inetkit.spi.Deadline}). A server that stops reading fails
 *       {@link #send(Session, byte[])} with {@link InternetError#TIMEOUT} within the write timeout plus
 *       {@link #SLACK}, for a provider whose protocol sends enough to fill the socket buffers.</li>
 *   <li><b>Proxies.</b> With the {@code Internet}'s proxy set, the provider goes through it or refuses
 *       with {@link InternetError#NOT_SUPPORTED}, and never silently goes direct: given a SOCKS5 or an
 *       HTTP proxy that cannot be reached, it fails with
 *       {@link InternetError#PROXY_SERVER_UNREACHABLE} (or {@code NOT_SUPPORTED}) and the server,
 *       behind a TCP proxy that counts connections, sees none; given a real SOCKS5 proxy (dante, see
 *       {@link DanteServer}: needs {@code danted} and root, skipped without them, failed under
 *       {@code CI}), the operation works and dante's log shows the tunnel to the server.</li>
 * </ul>
 *
 * <p>The kit builds its own {@link Internet} for each check, with {@link ProxyConfig#direct()} unless
 * the check is about proxies, and connects with the host and port it chooses; add what your protocol
 * needs through {@link #configure(Internet.Builder)} (a trust for TLS) and
 * {@link #configure(ConnectRequest.Builder)} (a user, flags). To leave a check out, override its
 * method with {@code @Test @Disabled("why")}: JUnit runs the override instead of the kit's method,
 * and reports it skipped with the reason (an override without {@code @Test} would drop the check
 * silently). Each check fails within 60 seconds rather than hang.
 *
 * @param <S> the session interface of the provider's service
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ProviderConformance<S extends Session> {

    /** The timeout under test in the timeout checks: connect in one, read in the other. */
    public static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    /** The other timeout in the timeout checks, and both timeouts in every other check. */
    public static final Duration LONG_TIMEOUT = Duration.ofSeconds(10);

    /** The whole-operation deadline in the deadline check: each of connect and operation has it. */
    public static final Duration DEADLINE = Duration.ofSeconds(2);

    /** How much longer than its timeout a timed-out connect or operation may take to fail. */
    public static final Duration SLACK = Duration.ofSeconds(1);

    /** How long to wait for connections to close, and for late status events, after a close. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    /** For subclasses. */
    protected ProviderConformance() {
    }

    // ---------------------------------------------------------------- what the subclass gives

    /** What the provider is: its class, service, default port and schemes. */
    protected abstract ProviderIdentity<S> identity();

    /**
     * Where a working server of the protocol listens, for this test. Called once per check, after
     * the test's {@code @StartStop} fields have started.
     */
    protected abstract InetSocketAddress server() throws Exception;

    /**
     * One operation that talks to the server and succeeds against {@link #server()}: for a lazy
     * provider, the one that opens its connection. It may assert on what it gets. It is also run
     * against servers that fail, and after close, where it must throw the provider's
     * {@link InternetException}.
     */
    protected abstract void operate(S session) throws IOException;

    /**
     * An operation that sends {@code bytes} (64 MiB) to the server, for the write-timeout check: an
     * upload, a request body. Return {@code false}, as the default does, when the protocol has no
     * such operation or its bytes do not pass through a TCP proxy in front of {@link #server()} (FTP's
     * data connections go straight to the server): the check is then skipped.
     *
     * @return whether the provider has such an operation
     */
    protected boolean send(S session, byte[] bytes) throws IOException {
        return false;
    }

    /**
     * Adds what connecting to the server needs besides the host and port, which the kit sets:
     * a user and password, flags. Nothing by default.
     */
    protected ConnectRequest.Builder<S> configure(ConnectRequest.Builder<S> request) {
        return request;
    }

    /**
     * Adds settings to each {@link Internet} the kit builds, such as a trust for a TLS server. The kit
     * sets the proxy, both timeouts and the status listener afterwards. Nothing by default.
     */
    protected Internet.Builder configure(Internet.Builder internet) {
        return internet;
    }

    // ---------------------------------------------------------------- discovery and identity

    /**
     * The registry that {@link Internet} uses finds the provider and picks it for its service id,
     * described as {@link #identity()} says; so does a registry of the provider's own class loader or
     * module layer.
     */
    @Test
    public void theRegistryFindsAndPicksTheProvider() {
        ProviderIdentity<S> identity = identity();
        checkRegistry(ProviderRegistry.load(), "ProviderRegistry.load()");
        Class<?> type = identity.providerClass();
        if (type.getModule().isNamed() && type.getModule().getLayer() != null) {
            checkRegistry(ProviderRegistry.load(type.getModule().getLayer()), "the module layer of " + type.getName());
        } else if (type.getClassLoader() != null) {
            checkRegistry(ProviderRegistry.load(type.getClassLoader()), "the class loader of " + type.getName());
        }
    }

    private void checkRegistry(ProviderRegistry registry, String which) {
        ProviderIdentity<S> identity = identity();
        Service<S> service = identity.service();
        ServiceInfo info = registry.services().stream().filter(i -> i.service().id() == service.id()).findFirst()
                .orElseGet(() -> fail(which + " finds no provider for service id " + service.id() + " (" + service.name()
                        + ") among " + registry.services() + ": is " + identity.providerClass().getName()
                        + " declared in META-INF/services/" + Declarations.SERVICE + " and in module-info?"));
        assertEquals(identity.providerClass().getName(), info.providerClass(), () -> which + " picks "
                + info.providerClass() + " for service id " + service.id() + ", not the provider under test");
        assertEquals(service.name(), info.service().name(), which + ": service name");
        assertSame(service.sessionType(), info.service().sessionType(), which + ": session interface");
        assertEquals(identity.defaultPort(), info.defaultPort(), which + ": default port");
        assertEquals(new TreeSet<>(identity.schemes()), new TreeSet<>(info.schemes()), which + ": schemes");
        for (String scheme : identity.schemes()) {
            assertEquals(Optional.of(service), registry.serviceForScheme(scheme), which + ": service for scheme "
                    + scheme);
        }
    }

    /**
     * The provider's own methods say what {@link #identity()} says, and {@code ServiceLoader} can make
     * it, on either path: a public class with a public no-argument constructor (or, in a named module
     * only, a public static {@code provider()} method). Schemes are lower case, the default port is in range, and the flags
     * a scheme implies are flags the provider supports.
     */
    @Test
    public void theProviderSaysWhatItIs() throws Exception {
        ProviderIdentity<S> identity = identity();
        Class<? extends ServiceProvider> type = identity.providerClass();
        assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()),
                () -> type.getName() + " must be a public concrete class for ServiceLoader");
        ServiceProvider provider = newProvider(type);
        Service<?> service = provider.service();
        assertNotNull(service, type.getName() + ".service()");
        assertEquals(identity.service().id(), service.id(), "service id");
        assertEquals(identity.service().name(), service.name(), "service name");
        assertSame(identity.service().sessionType(), service.sessionType(), "session interface");
        assertTrue(service.sessionType().isInterface(), () -> "the session type " + service.sessionType().getName()
                + " must be an interface: applications program against it, the provider implements it");
        int port = provider.defaultPort(Set.of());
        assertEquals(identity.defaultPort(), port, "defaultPort(no flags)");
        Set<String> schemes = provider.schemes();
        assertNotNull(schemes, "schemes()");
        assertEquals(new TreeSet<>(identity.schemes()), new TreeSet<>(schemes), "schemes()");
        Set<ConnectFlag> supported = provider.supportedFlags();
        assertNotNull(supported, "supportedFlags()");
        for (String scheme : schemes) {
            assertEquals(scheme.toLowerCase(Locale.ROOT), scheme, "schemes are lower case");
            Set<ConnectFlag> implied = provider.schemeFlags(scheme);
            assertTrue(supported.containsAll(implied), () -> "the scheme " + scheme + " implies " + implied
                    + ", but the provider supports only " + supported + ": its URLs would be refused");
            int schemePort = provider.defaultPort(implied);
            assertTrue(schemePort >= 1 && schemePort <= 65_535, () -> "defaultPort(" + implied + ") = " + schemePort);
        }
    }

    /**
     * The provider as {@code ServiceLoader} makes it: on the module path the kit may not make it itself,
     * since a provider's package is rightly not exported. First, that it can be made on both paths: a
     * public no-argument constructor (the class path needs one), or a public static {@code provider()}
     * method in a named module.
     */
    private static ServiceProvider newProvider(Class<? extends ServiceProvider> type) {
        boolean constructor;
        try {
            type.getConstructor();
            constructor = true;
        } catch (NoSuchMethodException e) {
            constructor = false;
        }
        boolean factory = false;
        if (!constructor && type.getModule().isNamed()) {
            try {
                Method provider = type.getMethod("provider");
                factory = Modifier.isStatic(provider.getModifiers())
                        && ServiceProvider.class.isAssignableFrom(provider.getReturnType());
            } catch (NoSuchMethodException e) {
                factory = false;
            }
        }
        assertTrue(constructor || factory, () -> type.getName() + " needs a public no-argument constructor, which"
                + " ServiceLoader calls on the class path");
        ServiceLoader<ServiceProvider> loader = type.getModule().isNamed() && type.getModule().getLayer() != null
                ? ServiceLoader.load(type.getModule().getLayer(), ServiceProvider.class)
                : ServiceLoader.load(ServiceProvider.class, type.getClassLoader());
        ServiceLoader.Provider<ServiceProvider> found = loader.stream().filter(p -> p.type() == type).findFirst()
                .orElseGet(() -> fail("ServiceLoader does not find " + type.getName() + ": see"
                        + " bothDeclarationsNameTheProviderAndAgree"));
        return found.get();
    }

    /**
     * The provider's jar or classes folder declares it both ways, for the module path
     * ({@code provides io.inetkit.spi.ServiceProvider with ...} in {@code module-info}) and for the
     * class path ({@code META-INF/services/io.inetkit.spi.ServiceProvider}), and the two name the
     * same classes for every service they declare.
     */
    @Test
    public void bothDeclarationsNameTheProviderAndAgree() throws IOException {
        String provider = identity().providerClass().getName();
        Declarations declarations = Declarations.of(identity().providerClass());
        List<String> problems = declarations.problems(provider);
        assertTrue(problems.isEmpty(), () -> "the declarations in " + declarations.location() + ":\n  "
                + String.join("\n  ", problems));
    }

    /** A connect returns a session of the service's interface, describing the request. */
    @Test
    public void connectReturnsASessionOfTheServiceInterface() throws Exception {
        InetSocketAddress where = server();
        Object context = new Object();
        try (Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, null)) {
            S session = internet.connect(request(where, serverHost(where), context));
            try {
                assertInstanceOf(identity().service().sessionType(), session);
                assertEquals(identity().service(), session.service(), "service()");
                assertEquals(serverHost(where), session.host(), "host()");
                assertEquals(where.getPort(), session.port(), "port()");
                assertSame(context, session.context().orElse(null), "context()");
                assertTrue(session.isOpen(), "isOpen() after connect");
                operate(session);
            } finally {
                session.close();
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** A session connects, runs its operation twice and closes; then it says it is closed. */
    @Test
    public void aSessionConnectsOperatesAndCloses() throws Exception {
        InetSocketAddress where = server();
        try (Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, null)) {
            S session = internet.connect(request(where, serverHost(where), null));
            operate(session);
            operate(session);
            assertTrue(session.isOpen(), "isOpen() before close");
            session.close();
            assertFalse(session.isOpen(), "isOpen() after close");
        }
    }

    /** Closing a session twice is harmless, and announced once. */
    @Test
    public void closingTwiceIsHarmless() throws Exception {
        InetSocketAddress where = server();
        Events events = new Events();
        try (Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, events)) {
            S session = internet.connect(request(where, serverHost(where), null));
            operate(session);
            session.close();
            session.close();
            assertFalse(session.isOpen());
            internet.close();
            internet.close();
        }
        assertEquals(1, events.count(InternetStatus.HANDLE_CLOSING), () -> "HANDLE_CLOSING events: " + events);
    }

    /** An operation on a closed session fails fast with {@link InternetError#INVALID_HANDLE}. */
    @Test
    public void anOperationAfterCloseFailsWithInvalidHandle() throws Exception {
        InetSocketAddress where = server();
        try (Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, null)) {
            S used = internet.connect(request(where, serverHost(where), null));
            operate(used);
            used.close();
            assertError(InternetError.INVALID_HANDLE, () -> operate(used), "an operation after close");
            S unused = internet.connect(request(where, serverHost(where), null));
            unused.close();
            assertError(InternetError.INVALID_HANDLE, () -> operate(unused),
                    "the first operation of a session closed before it");
        }
    }

    /**
     * Closing the {@link Internet} closes its open sessions, and the connections they opened: a TCP
     * proxy in front of the server sees every connection closed soon after.
     */
    @Test
    public void closingTheInternetClosesItsSessionsAndTheirConnections() throws Exception {
        InetSocketAddress where = server();
        try (FaultProxy proxy = FaultProxy.to(where)) {
            proxy.start();
            InetSocketAddress front = front(where, proxy);
            Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, null);
            S first;
            S second;
            try {
                first = internet.connect(request(front, front.getHostString(), null));
                second = internet.connect(request(front, front.getHostString(), null));
                operate(first);
                operate(second);
                assertTrue(proxy.connectionCount() > 0, "the operations opened no connection through the proxy at "
                        + front + " in front of the server");
            } finally {
                internet.close();
            }
            assertFalse(first.isOpen(), "a session is open after its Internet closed");
            assertFalse(second.isOpen(), "a session is open after its Internet closed");
            assertError(InternetError.INVALID_HANDLE, () -> operate(first), "an operation after the Internet closed");
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (proxy.activeConnections() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            assertEquals(0, proxy.activeConnections(), () -> proxy.activeConnections() + " of the "
                    + proxy.connectionCount() + " connections to the server are still open " + SETTLE.toSeconds()
                    + " s after the Internet closed: the provider's Connection.close() must close them");
        }
    }

    // ---------------------------------------------------------------- status events

    /**
     * Every status event of a session carries the context given to its connect, for the connect, a
     * synchronous and an asynchronous operation and the close; {@link InternetStatus#HANDLE_CLOSING}
     * comes once and last, with the session, and nothing comes after it.
     */
    @Test
    public void everyStatusEventCarriesTheContextAndHandleClosingComesLast() throws Exception {
        InetSocketAddress where = server();
        Events events = new Events();
        Object context = new Object() {
            @Override
            public String toString() {
                return "the conformance kit's context";
            }
        };
        S session;
        try (Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, events)) {
            session = internet.connect(request(where, serverHost(where), context));
            operate(session);
            S running = session;
            session.async(() -> {
                operate(running);
                return null;
            }).get(LONG_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
            session.close();
            Thread.sleep(200); // for events a provider would publish late, from another thread
        }
        List<StatusEvent> all = events.list();
        List<String> foreign = all.stream().filter(e -> e.context().orElse(null) != context)
                .map(e -> e.status() + " with context " + e.context().orElse("(none)")).collect(Collectors.toList());
        assertTrue(foreign.isEmpty(), () -> foreign.size() + " status events without the session's context: "
                + foreign + "; publish through the StatusPublisher of the session (AbstractSession.status()) or of"
                + " the connect (ProviderContext.status()), never one of another handle");
        for (StatusEvent e : all) {
            assertEquals(identity().service(), e.service(), () -> "service of " + e);
            assertEquals(where.getPort(), e.port(), () -> "port of " + e);
        }
        assertTrue(all.stream().anyMatch(e -> e.status() == InternetStatus.HANDLE_CREATED), () -> "no HANDLE_CREATED: "
                + events);
        assertTrue(all.stream().anyMatch(e -> e.status() == InternetStatus.REQUEST_COMPLETE), () ->
                "no REQUEST_COMPLETE for the asynchronous operation: " + events);
        assertEquals(1, events.count(InternetStatus.HANDLE_CLOSING), () -> "HANDLE_CLOSING events: " + events);
        StatusEvent last = all.get(all.size() - 1);
        assertEquals(InternetStatus.HANDLE_CLOSING, last.status(), () -> "the last event is not HANDLE_CLOSING: "
                + events);
        assertSame(session, last.info().orElse(null), "HANDLE_CLOSING carries the session");
        for (StatusEvent e : all) {
            assertTrue(e.status().accepts(e.info().orElse(null)), () -> e.status() + " carries a "
                    + e.status().infoType().getSimpleName() + ": " + e);
        }
    }

    // ---------------------------------------------------------------- errors and timeouts

    /** A connection the server's system refuses fails with {@link InternetError#CANNOT_CONNECT}, quickly. */
    @Test
    public void aRefusedConnectionFailsWithCannotConnect() throws Exception {
        try (FailingPort port = FailingPort.refusing();
             Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, null)) {
            Failure failure = failure(internet, port.address(), "connecting to a port that refuses connections");
            failure.expect(InternetError.CANNOT_CONNECT, port.address());
            failure.within(SLACK.multipliedBy(2));
        }
    }

    /**
     * A connection the server resets (TCP RST), while the client waits for its greeting or its reply,
     * fails with {@link InternetError#CONNECTION_RESET}: as WinINet reports {@code WSAECONNRESET}, and
     * as {@link InternetError#CONNECTION_ABORTED} is for a connection that ends otherwise.
     */
    @Test
    public void aResetConnectionFailsWithConnectionReset() throws Exception {
        try (FailingPort port = FailingPort.resetting();
             Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, LONG_TIMEOUT, null)) {
            Failure failure = failure(internet, port.address(), "talking to a server that resets the connection");
            failure.expect(InternetError.CONNECTION_RESET, port.address());
            assertTrue(port.accepted() > 0, "the provider never connected to the resetting port");
            failure.within(SLACK.multipliedBy(3));
        }
    }

    /**
     * A server that never completes the TCP handshake fails the connect (or the first operation of a
     * lazy provider) with {@link InternetError#TIMEOUT} within the connect timeout
     * ({@link #SHORT_TIMEOUT}, the read timeout being {@link #LONG_TIMEOUT}) plus {@link #SLACK}.
     */
    @Test
    public void aServerThatNeverAcceptsTimesOutWithinTheConnectTimeout() throws Exception {
        try (FailingPort port = FailingPort.unanswered();
             Internet internet = internet(ProxyConfig.direct(), SHORT_TIMEOUT, LONG_TIMEOUT, null)) {
            Failure failure = failure(internet, port.address(), "connecting to a port that never answers the handshake");
            failure.expect(InternetError.TIMEOUT, port.address());
            failure.within(SHORT_TIMEOUT.plus(SLACK));
        }
    }

    /**
     * A server that accepts the connection and never sends a byte fails the connect or the operation
     * with {@link InternetError#TIMEOUT} within the read timeout ({@link #SHORT_TIMEOUT}, the connect
     * timeout being {@link #LONG_TIMEOUT}) plus {@link #SLACK}.
     */
    @Test
    public void aServerThatNeverAnswersTimesOutWithinTheReadTimeout() throws Exception {
        try (FailingPort port = FailingPort.silent();
             Internet internet = internet(ProxyConfig.direct(), LONG_TIMEOUT, SHORT_TIMEOUT, null)) {
            Failure failure = failure(internet, port.address(), "talking to a server that never answers");
            failure.expect(InternetError.TIMEOUT, port.address());
            assertTrue(port.accepted() > 0, "the provider never connected to the silent port");
            failure.within(SHORT_TIMEOUT.plus(SLACK));
        }
    }

    /**
     * A server that sends a byte a second (behind a TCP proxy that trickles), which no read timeout
     * ({@link #LONG_TIMEOUT}) cuts, fails the connect or the operation with
     * {@link InternetError#TIMEOUT} within the {@code Internet}'s deadline ({@link #DEADLINE}) for each
     * plus {@link #SLACK}, naming the port; the provider cuts its connection, which the proxy sees end.
     */
    @Test
    public void aTricklingServerIsCutAtTheDeadline() throws Exception {
        InetSocketAddress where = server();
        try (FaultProxy trickle = FaultProxy.to(where)) {
            trickle.fault(Fault.drip(Direction.DOWNSTREAM, 1, Duration.ofSeconds(1)));
            trickle.start();
            InetSocketAddress front = front(where, trickle);
            Internet.Builder builder = configure(Internet.newBuilder()).proxy(ProxyConfig.direct())
                    .connectTimeout(LONG_TIMEOUT).readTimeout(LONG_TIMEOUT).deadline(DEADLINE);
            try (Internet internet = builder.build()) {
                Failure failure = failure(internet, front, "talking to a server that sends a byte a second under a"
                        + " deadline of " + DEADLINE.toMillis() + " ms");
                failure.expect(InternetError.TIMEOUT, front);
                failure.within(DEADLINE.multipliedBy(2).plus(SLACK));
                assertTrue(String.valueOf(failure.exception.getMessage()).toLowerCase(Locale.ROOT).contains("deadline"),
                        () -> "the message does not say the deadline ran out: " + failure.describe());
            }
            awaitClosed(trickle, "after the deadline ran out");
        }
    }

    /**
     * A server that stops reading (behind a TCP proxy that stalls after 64 KiB) fails
     * {@link #send(Session, byte[])} with {@link InternetError#TIMEOUT} within the write timeout
     * ({@link #SHORT_TIMEOUT}, the others being {@link #LONG_TIMEOUT}) plus {@link #SLACK}. Skipped for
     * a provider without such an operation.
     */
    @Test
    public void aServerThatStopsReadingTimesOutWithinTheWriteTimeout() throws Exception {
        InetSocketAddress where = server();
        try (FaultProxy deaf = FaultProxy.to(where)) {
            deaf.fault(Fault.stallAfter(Direction.UPSTREAM, 64 * 1024));
            deaf.start();
            InetSocketAddress front = front(where, deaf);
            Internet.Builder builder = configure(Internet.newBuilder()).proxy(ProxyConfig.direct())
                    .connectTimeout(LONG_TIMEOUT).readTimeout(LONG_TIMEOUT).writeTimeout(SHORT_TIMEOUT);
            try (Internet internet = builder.build(); S session = internet.connect(request(front, null))) {
                byte[] bytes = new byte[64 * 1024 * 1024]; // more than any socket buffers hold
                long start = System.nanoTime();
                InternetException error = null;
                boolean sends;
                try {
                    sends = send(session, bytes);
                } catch (InternetException e) {
                    sends = true;
                    error = e;
                }
                Assumptions.assumeTrue(sends, "the provider has no operation that sends enough to stall (send)");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertNotNull(error, "sending 64 MiB to a server that stopped reading after 64 KiB succeeded");
                InternetException e = error;
                assertEquals(InternetError.TIMEOUT, e.error(), () -> "expected TIMEOUT, got " + e);
                assertTrue(took.compareTo(SHORT_TIMEOUT.plus(SLACK.multipliedBy(2))) <= 0, () -> "took "
                        + took.toMillis() + " ms with a write timeout of " + SHORT_TIMEOUT.toMillis() + " ms: " + e);
            }
        }
    }

    private static void awaitClosed(FaultProxy proxy, String when) throws InterruptedException {
        long until = System.nanoTime() + SETTLE.toNanos();
        while (proxy.activeConnections() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(0, proxy.activeConnections(), () -> proxy.activeConnections() + " connection(s) still open "
                + SETTLE.toSeconds() + " s " + when + ": the provider must cut them");
    }

    // ---------------------------------------------------------------- proxies

    /**
     * With a SOCKS5 proxy that cannot be reached, the provider tries it and fails with
     * {@link InternetError#PROXY_SERVER_UNREACHABLE}, or refuses proxies with
     * {@link InternetError#NOT_SUPPORTED}; the server, behind a counting TCP proxy, sees no connection.
     */
    @Test
    public void anUnreachableSocksProxyIsTriedNotBypassed() throws Exception {
        try (FailingPort refusing = FailingPort.refusing()) {
            InetSocketAddress proxy = refusing.address();
            checkTriedNotBypassed(ProxyConfig.socks5(proxy.getAddress().getHostAddress(), proxy.getPort()));
        }
    }

    /** As {@link #anUnreachableSocksProxyIsTriedNotBypassed()}, with an HTTP proxy. */
    @Test
    public void anUnreachableHttpProxyIsTriedNotBypassed() throws Exception {
        try (FailingPort refusing = FailingPort.refusing()) {
            InetSocketAddress proxy = refusing.address();
            checkTriedNotBypassed(ProxyConfig.http(proxy.getAddress().getHostAddress(), proxy.getPort()));
        }
    }

    private void checkTriedNotBypassed(ProxyConfig config) throws Exception {
        InetSocketAddress where = server();
        try (FaultProxy counter = FaultProxy.to(where)) {
            counter.start();
            InetSocketAddress front = front(where, counter);
            try (Internet internet = internet(config, LONG_TIMEOUT, LONG_TIMEOUT, null)) {
                Failure failure = attempt(internet, front, "connecting through " + config + ", which cannot be"
                        + " reached");
                if (failure == null) {
                    fail("with " + config + " set, which cannot be reached, the connect and the operation succeeded:"
                            + " the provider went around the proxy, straight to the server ("
                            + counter.connectionCount() + " connection(s)); it must go through the proxy or refuse"
                            + " with NOT_SUPPORTED");
                }
                InternetError error = failure.exception.error();
                assertTrue(error == InternetError.PROXY_SERVER_UNREACHABLE || error == InternetError.NOT_SUPPORTED,
                        () -> "with " + config + " unreachable, expected PROXY_SERVER_UNREACHABLE (the provider tried"
                                + " the proxy) or NOT_SUPPORTED (it refuses proxies), not " + failure.describe());
            }
            assertEquals(0, counter.connectionCount(), () -> "with " + config + " set, the provider connected to the"
                    + " server directly " + counter.connectionCount() + " time(s): it must go through the proxy or"
                    + " refuse with NOT_SUPPORTED");
        }
    }

    /**
     * Through a real SOCKS5 proxy (dante), the operation works and dante's log shows the tunnel to the
     * server, unless the provider refuses proxies with {@link InternetError#NOT_SUPPORTED}. Needs
     * {@code danted} and root: skipped without them, failed without them under {@code CI}.
     */
    @Test
    public void aSocksProxyIsHonoured(@TempDir Path dir) throws Exception {
        InetSocketAddress where = server();
        try (DanteServer dante = DanteServer.start(dir)) {
            ProxyConfig config = ProxyConfig.socks5("127.0.0.1", dante.port());
            try (Internet internet = internet(config, LONG_TIMEOUT, LONG_TIMEOUT, null)) {
                S session;
                try {
                    session = internet.connect(request(where, serverHost(where), null));
                } catch (InternetException e) {
                    assertEquals(InternetError.NOT_SUPPORTED, e.error(), () -> "connecting through dante failed: " + e);
                    return;
                }
                try {
                    operate(session);
                } catch (InternetException e) {
                    assertEquals(InternetError.NOT_SUPPORTED, e.error(), () -> "operating through dante failed: "
                            + e + "\n" + dante.logText());
                    return;
                } finally {
                    session.close();
                }
            }
            assertFalse(dante.connectsTo(where.getPort()).isEmpty(), () -> "dante's log shows no tunnel to port "
                    + where.getPort() + ":\n" + dante.logText());
        }
    }

    // ---------------------------------------------------------------- helpers

    private Internet internet(ProxyConfig proxy, Duration connect, Duration read, StatusListener listener) {
        Internet.Builder builder = configure(Internet.newBuilder());
        builder.proxy(proxy).connectTimeout(connect).readTimeout(read);
        if (listener != null) {
            builder.statusListener(listener);
        }
        return builder.build();
    }

    private ConnectRequest<S> request(InetSocketAddress where, String host, Object context) {
        ConnectRequest.Builder<S> builder = configure(ConnectRequest.newBuilder(identity().service(), host));
        builder.port(where.getPort());
        if (context != null) {
            builder.context(context);
        }
        return builder.build();
    }

    private ConnectRequest<S> request(InetSocketAddress where, Object context) {
        return request(where, where.getAddress() != null ? where.getAddress().getHostAddress()
                : where.getHostString(), context);
    }

    /** The host to connect to the server with: as {@link #server()} names it. */
    private static String serverHost(InetSocketAddress where) {
        return where.getHostString();
    }

    /**
     * The proxy's address named as the server is when the server is on loopback (where the proxy
     * listens), so that a TLS server's name still matches.
     */
    private static InetSocketAddress front(InetSocketAddress server, FaultProxy proxy) {
        int port = proxy.address().getPort();
        return server.getAddress() != null && server.getAddress().isLoopbackAddress()
                && server.getAddress() instanceof java.net.Inet4Address
                ? InetSocketAddress.createUnresolved(server.getHostString(), port)
                : InetSocketAddress.createUnresolved(proxy.address().getAddress().getHostAddress(), port);
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    private static void assertError(InternetError expected, Operation operation, String what) throws Exception {
        try {
            operation.run();
        } catch (InternetException e) {
            assertEquals(expected, e.error(), () -> what + " failed with " + e.error() + " (" + e.getMessage() + ")");
            return;
        }
        fail(what + " succeeded; expected " + expected);
    }

    /**
     * Connects to {@code where} and runs the operation, expecting an {@link InternetException} from
     * one of them; closes the session either way.
     */
    private Failure failure(Internet internet, InetSocketAddress where, String what) {
        Failure failure = attempt(internet, where, what);
        if (failure == null) {
            fail(what + ": the connect and the operation succeeded");
        }
        return failure;
    }

    /** As {@link #failure}, but {@code null} when the connect and the operation succeed. */
    private Failure attempt(Internet internet, InetSocketAddress where, String what) {
        long start = System.nanoTime();
        S session = null;
        try {
            session = internet.connect(request(where, null));
            operate(session);
        } catch (InternetException e) {
            return new Failure(what, e, Duration.ofNanos(System.nanoTime() - start), session != null);
        } catch (IOException | RuntimeException e) {
            return fail(what + ": failed with " + e + " instead of an InternetException", e);
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return null;
    }

    /** How a connect or its first operation failed. */
    private static final class Failure {
        final String what;
        final InternetException exception;
        final Duration took;
        final boolean connected;

        Failure(String what, InternetException exception, Duration took, boolean connected) {
            this.what = what;
            this.exception = exception;
            this.took = took;
            this.connected = connected;
        }

        String describe() {
            return exception.error() + " from " + (connected ? "the operation" : "connect") + " after "
                    + took.toMillis() + " ms: " + exception.getMessage() + chain(exception.getCause());
        }

        void expect(InternetError error, InetSocketAddress where) {
            assertEquals(error, exception.error(), () -> what + ": expected " + error + ", got " + describe());
            String port = String.valueOf(where.getPort());
            assertTrue(String.valueOf(exception.getMessage()).contains(port), () -> what + ": the message does not"
                    + " name the server's port " + port + ": " + describe());
        }

        void within(Duration bound) {
            assertTrue(took.compareTo(bound) <= 0, () -> what + ": took " + took.toMillis() + " ms, more than "
                    + bound.toMillis() + " ms: " + describe());
        }

        private static String chain(Throwable cause) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                text.append("\n  caused by ").append(t);
            }
            return text.toString();
        }
    }

    /** The status events an {@code Internet} published, in order. */
    private static final class Events implements StatusListener {
        private final List<StatusEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStatus(StatusEvent event) {
            events.add(event);
        }

        List<StatusEvent> list() {
            return new ArrayList<>(events);
        }

        long count(InternetStatus status) {
            return events.stream().filter(e -> e.status() == status).count();
        }

        @Override
        public String toString() {
            return events.stream().map(e -> e.status().toString()).collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
