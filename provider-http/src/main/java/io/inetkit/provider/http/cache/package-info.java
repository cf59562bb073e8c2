/**
 * The HTTP cache: a private cache after RFC 9111 (which responses may be kept, for how long, how
 * they are revalidated) over a store on disk that any number of sessions and processes share, in
 * which an entry is visible only once it is whole and is checked each time it is read.
 */
package io.inetkit.provider.http.cache;
