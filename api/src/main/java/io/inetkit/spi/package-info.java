/**
 * The provider SPI: what a protocol plugin implements. A {@link io.inetkit.spi.ServiceProvider} is
 * found by {@link java.util.ServiceLoader} and opens {@link io.inetkit.spi.Connection}s; each
 * connection makes session handles, best built on {@link io.inetkit.spi.AbstractSession}, over the
 * API's {@link io.inetkit.spi.SessionSupport}. Everything a provider needs from the
 * {@link io.inetkit.Internet} comes through its {@link io.inetkit.spi.ProviderContext}.
 *
 * <p>Arguments are non-null, and results are never null, unless a method says otherwise.
 */
package io.inetkit.spi;
