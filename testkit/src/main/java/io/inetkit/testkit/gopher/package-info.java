/**
 * An in-process Gopher server for tests: {@link io.inetkit.testkit.gopher.TestGopherServer} serves
 * a directory over RFC 1436 Gopher and Gopher+, plain or over TLS, answers searches
 * ({@link io.inetkit.testkit.gopher.SearchHandler}, {@link io.inetkit.testkit.gopher.GopherItem}),
 * sends hand-written replies and records each {@link io.inetkit.testkit.gopher.GopherRequest}.
 *
 * <pre>{@code
 * try (TestGopherServer gopher = TestGopherServer.serving(dir)) {
 *     gopher.start();
 *     // connect to gopher.host(), gopher.port() and send "/file.txt\r\n"
 * }
 * }</pre>
 *
 * <p>Gopher+ follows the University of Minnesota's Gopher+ specification (1993) as far as
 * {@code TestGopherServer} documents it.
 *
 * <p>Null arguments throw {@link java.lang.NullPointerException} unless a method says otherwise;
 * nothing here returns {@code null}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1436">RFC 1436: The Internet Gopher Protocol</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4266">RFC 4266: The gopher URI Scheme</a>
 */
package io.inetkit.testkit.gopher;
