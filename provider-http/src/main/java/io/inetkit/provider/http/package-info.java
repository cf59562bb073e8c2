/**
 * The HTTP provider: an {@link io.inetkit.http.HttpSession} runs each request through a chain of
 * stages, each with one job, as OkHttp's interceptors do. Each stage gets the request as the stages
 * before it left it, passes it (or a changed copy) on, and sees the response that comes back:
 *
 * <ol>
 *   <li>the application's {@link io.inetkit.http.Interceptor}s, from the {@code Internet}'s builder,
 *       once per call, in order ({@link io.inetkit.provider.http.ApplicationChain});</li>
 *   <li>{@link io.inetkit.provider.http.RequestChecks}: checks the caller's request before any byte
 *       leaves, makes its target an absolute URI on the session's origin, adds the agent;</li>
 *   <li>{@link io.inetkit.provider.http.FollowRedirects}: follows redirects, within the limit,
 *       never from HTTPS to HTTP, never with the request's secrets to another origin;</li>
 *   <li>{@link io.inetkit.provider.http.BasicAuthentication}: the session's credentials, up front,
 *       to its own origin;</li>
 *   <li>{@link io.inetkit.provider.http.ContentDecoding}: asks for {@code gzip} and {@code deflate}
 *       and decodes the body as it is read ({@link io.inetkit.provider.http.DecodedBody}), within
 *       {@code Limits.maxDecodingRatio};</li>
 *   <li>{@link io.inetkit.provider.http.Exchange}: one exchange on the wire by an
 *       {@link io.inetkit.provider.http.Engine}: {@link io.inetkit.provider.http.H1Engine} (HTTP/1.1,
 *       package {@code h1}) or {@link io.inetkit.provider.http.H2Engine} (HTTP/2 on
 *       {@code java.net.http}).</li>
 * </ol>
 *
 * <p>The session starts each call's {@link io.inetkit.spi.CallEvents} (the {@code Internet}'s
 * {@link io.inetkit.EventListener}, timed) and hands them down in the
 * {@link io.inetkit.provider.http.Outgoing}: the engines report the steps on the wire, and the final
 * response's body ends the call ({@link io.inetkit.provider.http.CallBody}).
 *
 * <p>A new stage (retries, cookies, a cache, content decoding) is a class that implements
 * {@link io.inetkit.provider.http.Stage} and one line where {@code HttpSessionImpl} joins the chain;
 * no other stage changes. The chain is joined once per session, so a call pays a method call per
 * stage.
 */
package io.inetkit.provider.http;
