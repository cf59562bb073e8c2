/**
 * HTTP authentication's pieces, for the provider's {@code Authentication} stage: the challenges of
 * a 401 or 407 read by RFC 9110's grammar within the {@code Limits} ({@link
 * io.inetkit.toolbox.auth.ChallengeParser}), and the answers: Basic ({@link
 * io.inetkit.toolbox.auth.BasicCredentials}), Digest ({@link
 * io.inetkit.toolbox.auth.DigestCredentials}) and Negotiate ({@link
 * io.inetkit.toolbox.auth.NegotiateCredentials}). Nothing here logs a password or an answer.
 */
package io.inetkit.toolbox.auth;
