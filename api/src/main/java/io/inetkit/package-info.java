/**
 * The connection model of inetkit, after WinINet: {@link io.inetkit.Internet} (InternetOpen) opens
 * {@link io.inetkit.Session}s (InternetConnect) for a {@link io.inetkit.Service}, chosen among the
 * installed providers; operations run on the session; everything is closed with
 * {@code close()}.
 *
 * <pre>{@code
 * try (Internet internet = Internet.create();
 *      HttpSession http = internet.connect(Service.HTTP, "example.org");
 *      HttpResponse response = http.send(HttpRequest.get("/"))) {
 *     System.out.println(response.statusCode());
 * }
 * }</pre>
 *
 * <p>Null policy: arguments are non-null and a null one throws {@link NullPointerException},
 * unless a parameter is documented as nullable; results are never null, and what may be missing
 * is an {@link java.util.Optional}.
 *
 * <p>Errors: an operation that fails throws {@link io.inetkit.InternetException} with its WinINet
 * {@link io.inetkit.InternetError}. Builders check each value on its own as it is given (a port's
 * range, a time-out's sign, a limit's minimum) and refuse a bad one at once with
 * {@link IllegalArgumentException}; what depends on the service or the provider (a host name's
 * syntax, a credential's characters, a flag the service does not take) is checked when the
 * operation runs and refused with {@code INVALID_PARAMETER} before any byte is sent.
 */
package io.inetkit;
