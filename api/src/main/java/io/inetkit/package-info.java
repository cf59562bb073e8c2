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
 * {@link io.inetkit.InternetError}; values that would reach the network (hosts, ports, paths,
 * headers) are checked when the operation runs and refused with {@code INVALID_PARAMETER} or the
 * protocol's own error before any byte is sent. Settings given to a builder are checked there and
 * refused with {@link IllegalArgumentException}.
 */
package io.inetkit;
