/**
 * HTTP/1.1, HTTP/2 and HTTPS: {@link io.inetkit.http.HttpSession}, what {@code Service.HTTP}
 * connects to, with {@link io.inetkit.http.HttpRequest}, {@link io.inetkit.http.HttpResponse} and
 * {@link io.inetkit.http.HttpHeaders}; {@link io.inetkit.http.Interceptor}, a stage of the
 * application's own in every call; {@link io.inetkit.http.HttpVersion}, HTTP/1.1 unless a request
 * asks for HTTP/2.
 *
 * <p>Arguments are non-null, and results are never null, unless a method says otherwise. A request's
 * method, headers and body are checked when it is sent, and refused with
 * {@code HTTP_INVALID_HEADER} or {@code INVALID_PARAMETER} before any byte goes out.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110: HTTP Semantics</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112: HTTP/1.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113: HTTP/2</a>
 */
package io.inetkit.http;
