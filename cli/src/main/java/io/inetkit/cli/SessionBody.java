package io.inetkit.cli;

import io.inetkit.Session;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A body that closes its session with it: the command opens a session per URL. A body that reads
 * into buffers (a {@link ReadableByteChannel}: an HTTP/1.1 body on a plain connection, an FTP binary
 * download) stays one, so that {@link SaveToFile} can take it from the socket's channel.
 */
class SessionBody extends FilterInputStream {

    private final Session session;

    private SessionBody(InputStream body, Session session) {
        super(body);
        this.session = session;
    }

    /** {@code body}, closing {@code session} when it is closed. */
    static InputStream of(InputStream body, Session session) {
        return body instanceof ReadableByteChannel ? new Channel(body, session) : new SessionBody(body, session);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            session.close();
        }
    }

    /** The body that reads into buffers. */
    private static final class Channel extends SessionBody implements ReadableByteChannel {

        private final ReadableByteChannel channel;

        Channel(InputStream body, Session session) {
            super(body, session);
            this.channel = (ReadableByteChannel) body;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return channel.read(target);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }
    }
}
