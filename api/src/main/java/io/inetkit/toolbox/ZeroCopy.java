package io.inetkit.toolbox;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;

/**
 * What a provider needs to send a local file without copying it through the heap: a socket made
 * from a {@link SocketChannel}, whose {@link Socket#getChannel()} lets
 * {@link WriteWatchdog#transfer} use {@code sendfile} for a file (for HTTP, the one of
 * {@link io.inetkit.http.RequestBody#file()}). Only for plain TCP to the server: TLS and proxy tunnels keep
 * their own sockets and stream copies.
 *
 * <pre>{@code
 * Socket socket = context.zeroCopy() ? ZeroCopy.socket() : new Socket();
 * socket.connect(address, connectMillis);
 * ...
 * if (socket.getChannel() != null) {
 *     watchdog.transfer(file, 0, file.size(), socket, context.writeTimeout(), progress);
 * }
 * }</pre>
 *
 * <p>A channel's socket behaves as a plain one for the JDK 17 streams a provider uses (its
 * {@code SO_TIMEOUT} bounds reads), with one difference: an interrupt of a thread blocked on it
 * closes it ({@link java.nio.channels.ClosedByInterruptException}), where a plain socket ignores
 * interrupts.
 *
 * <p>Off unless {@link io.inetkit.Internet.Builder#zeroCopy(boolean)} turns it on
 * ({@link io.inetkit.spi.ProviderContext#zeroCopy()}): it halves the sender's CPU per byte, but on
 * loopback, where the receiving server is the bottleneck, it did not make uploads faster, and once
 * much slower (an FTP upload at 0.61 times curl's speed, against 0.99 times without it); over a
 * real network, where the NIC rather than the receiver reads the file's pages, it is expected to
 * pay. Without it a provider may still
 * use the channel's socket, and copy the file once through a direct buffer
 * ({@link WriteWatchdog#send}, {@link WriteWatchdog#receive}): the FTP provider's {@code get} and
 * {@code put} of a local file do, by default, the Gopher provider's {@code get} of a binary
 * document, and the HTTP/1.1 engine, whose plain connections all have a channel: its
 * {@code RequestBody.ofFile} bodies go out through a direct buffer, and a response body read into
 * one ({@link BodyInput#read(java.nio.ByteBuffer)}, as segmented downloads read) comes in from the
 * channel, each read watched ({@link WriteWatchdog#reads}).
 */
public final class ZeroCopy {

    private ZeroCopy() {
    }

    /** An unconnected socket made from a blocking {@link SocketChannel}. */
    public static Socket socket() throws IOException {
        return SocketChannel.open().socket();
    }
}
