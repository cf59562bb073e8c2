/**
 * The machinery behind {@link io.inetkit.Internet}: validation, handles, connection sharing and
 * status dispatch. Not exported; no compatibility promise.
 */
package io.inetkit.internal;
