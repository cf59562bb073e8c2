/**
 * The Gopher provider's implementation; not exported. {@link io.inetkit.provider.gopher.GopherProvider}
 * is the {@link io.inetkit.spi.ServiceProvider}; {@code GopherConnection} opens one socket per
 * operation (an {@code Exchange}), tried again under the {@code Internet}'s {@link io.inetkit.RetryPolicy}
 * when refused or reset before the reply's first byte; {@code GopherSessionImpl} checks each request before any byte is
 * sent; {@code Replies}, {@code MenuReader} and {@code LineReader} parse menus and Gopher+ attributes
 * within the {@link io.inetkit.Limits} of the {@code Internet}; {@code MenuStream} streams a menu one
 * item at a time; {@code DocumentStream} streams documents; {@code FileDownload} saves one to a local
 * file for {@code get}, a binary one over plain TCP with no proxy from the socket's channel through
 * the connection's direct buffer ({@link io.inetkit.toolbox.TransferBuffer}); the API's
 * {@link io.inetkit.gopher.GopherUrl} reads RFC 4266 URLs.
 *
 * <p>Gopher+ follows the University of Minnesota's Gopher+ specification (1993): {@code selector TAB !}
 * for attributes, replies headed {@code +-1} (ends with a {@code .} line), {@code +-2} (ends at the
 * close) or {@code +<bytes>}, errors headed {@code --1} or {@code --2} with a code line
 * {@code <1|2|3> <contact>}.
 *
 * <p>Choices where the specifications leave room, made once here:
 * <ul>
 *   <li>Text is decoded as UTF-8; selectors are sent back as UTF-8.</li>
 *   <li>A text document ends at a lone {@code .} line or where the server closes, since many servers
 *       (gophernicus among them) send files as they are. Such a server's line {@code ..x} reads as
 *       {@code .x}; a plain-Gopher document cut short by a clean close cannot be told from a whole one.</li>
 *   <li>A menu whose only link is a type {@code 3} line, and a document whose whole reply is one type
 *       {@code 3} line, are the server's way of saying "not found": {@code ERROR_GOPHER_DATA_ERROR}
 *       with the line's text as the server reply.</li>
 *   <li>Gopher+ errors ({@code --1}, {@code --2}): code 1 (not available) is
 *       {@code ERROR_GOPHER_ATTRIBUTE_NOT_FOUND} for an attribute request; every other case is
 *       {@code ERROR_GOPHER_DATA_ERROR}. The code line and message are the server reply and
 *       {@code lastResponse()}.</li>
 *   <li>A request with TAB, CR, LF or NUL in a selector or query, or longer than the line limit, is
 *       {@code ERROR_GOPHER_INVALID_LOCATOR}, and nothing is sent.</li>
 * </ul>
 *
 * <p>Logging (SLF4J, logger names under {@code io.inetkit.provider.gopher}): {@code DEBUG} one line a
 * request, queries redacted to their length: {@code gopher example.org:70 request /find\t<query of 5 chars>};
 * one line a {@code get} with its route: {@code gopher example.org:70 get "/f.zip" to /tmp/f.zip through the channel}
 * (or {@code stream}); a download cancelled by the session's close; a transfer buffer that direct memory
 * had no room for ({@code io.inetkit.toolbox.TransferBuffer}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1436">RFC 1436: The Internet Gopher Protocol</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4266">RFC 4266: The gopher URI Scheme</a>
 */
package io.inetkit.provider.gopher;
