/** A check that a test run leaves no socket or thread behind: {@link io.inetkit.testkit.leak.Leaks}. */
package io.inetkit.testkit.leak;
