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
 *   <li>{@link io.inetkit.provider.http.Authentication}: answers a 401 from the session's own
 *       origin with Digest or Basic, with the session's credentials or the {@code Authenticator}'s
 *       (challenges read by {@code auth.ChallengeParser});</li>
 *   <li>{@link io.inetkit.provider.http.Cookies}: each hop sends the cookies of the jar for its own
 *       URI and hands the jar what its response sets (the store: package {@code cookie});</li>
 *   <li>{@link io.inetkit.provider.http.ContentDecoding}: asks for {@code gzip} and {@code deflate}
 *       and decodes the body as it is read ({@link io.inetkit.provider.http.DecodedBody}), within
 *       {@code Limits.maxDecodingRatio};</li>
 *   <li>{@link io.inetkit.provider.http.Retries}: sends the hop again, under the {@code Internet}'s
 *       {@link io.inetkit.RetryPolicy}, after a connection failure before any response byte or a
 *       {@code 503} or {@code 429} with a short {@code Retry-After}; never what may not be sent twice;</li>
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
 * <p>A new stage (a cache, for one) is a class that implements
 * {@link io.inetkit.provider.http.Stage} and one line where {@code HttpSessionImpl} joins the chain;
 * no other stage changes. The chain is joined once per session, so a call pays a method call per
 * stage.
 */
package io.inetkit.provider.http;
