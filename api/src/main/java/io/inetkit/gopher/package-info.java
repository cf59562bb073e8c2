/**
 * Gopher and Gopher+: {@link io.inetkit.gopher.GopherSession}, what {@code Service.GOPHER} connects
 * to, with menu items and their types, locators and attributes.
 *
 * <p>Arguments are non-null, and results are never null, unless a method says otherwise. Values made
 * here check themselves at once (a {@code GopherItem}'s fields and port:
 * {@link IllegalArgumentException}); selectors are checked when the operation runs.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1436">RFC 1436: The Internet Gopher Protocol</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4266">RFC 4266: The gopher URI Scheme</a>
 */
package io.inetkit.gopher;
