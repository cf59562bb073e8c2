/**
 * Mirroring a directory tree between a server and a local directory: {@link io.inetkit.mirror.Mirror}
 * walks a {@link io.inetkit.mirror.RemoteTree} (an FTP session's directories, a Gopher server's
 * menus, or any provider's listing an application adapts) depth first, one listing at a time, and
 * writes every file through a part file, so that nothing partial ever stands under a final name.
 */
package io.inetkit.mirror;
