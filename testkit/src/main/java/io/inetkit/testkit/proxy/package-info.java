/**
 * A fault-injecting TCP proxy for tests: {@link io.inetkit.testkit.proxy.FaultProxy} sits between a
 * client and a real server and applies a {@link io.inetkit.testkit.proxy.Fault} to each connection,
 * in either {@link io.inetkit.testkit.proxy.Direction}; under any fault, the line itself can be far
 * ({@link io.inetkit.testkit.proxy.FaultProxy#latency latency}) and slow
 * ({@link io.inetkit.testkit.proxy.FaultProxy#bandwidth bandwidth} per connection).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(server.address())) {
 *     proxy.start();
 *     proxy.fault(Fault.cutAfter(Direction.DOWNSTREAM, 512));
 *     // connect the code under test to proxy.host(), proxy.port()
 * }
 * }</pre>
 *
 * <p>Null arguments throw {@link java.lang.NullPointerException} unless a method says otherwise;
 * nothing here returns {@code null}.
 */
package io.inetkit.testkit.proxy;
