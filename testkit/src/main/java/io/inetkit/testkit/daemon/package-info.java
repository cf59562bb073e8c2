/**
 * Real server programs of the system, run by tests on loopback ports:
 * {@link io.inetkit.testkit.daemon.SystemDaemon}.
 *
 * <p>Arguments are non-null unless documented otherwise.
 */
package io.inetkit.testkit.daemon;
