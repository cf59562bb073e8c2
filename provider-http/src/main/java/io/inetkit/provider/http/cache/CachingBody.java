package io.inetkit.provider.http.cache;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response body from the network that is also written to the cache as the caller reads it, so a
 * body of any size is stored without being held. The entry is committed when the caller has read
 * the body to its end and it has the length the server announced; a body closed early, cut, or
 * whose writing fails (a full disk) is dropped from the cache and still reaches the caller whole.
 */
public final class CachingBody extends FilterInputStream {

    private static final Logger LOG = LoggerFactory.getLogger(CachingBody.class);

    private final DiskStore.Writer writer;
    private final long announced;
    private boolean writing = true;

    /**
     * @param network the body as it comes
     * @param writer where it is stored
     * @param announced its {@code Content-Length}, or -1
     */
    public CachingBody(InputStream network, DiskStore.Writer writer, long announced) {
        super(network);
        this.writer = writer;
        this.announced = announced;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            stopWriting();
            throw e;
        }
        if (!writing) {
            return n;
        }
        if (n < 0) {
            finish();
            return n;
        }
        try {
            writer.write(buffer, offset, n);
        } catch (IOException e) {
            LOG.debug("not caching {}: {}", writer, e.toString());
            stopWriting();
        }
        return n;
    }

    private void finish() {
        writing = false;
        if (announced >= 0 && writer.written() != announced) {
            writer.abort();
            return;
        }
        try {
            writer.commit();
        } catch (IOException e) {
            LOG.debug("not caching {}: {}", writer, e.toString());
        }
    }

    private void stopWriting() {
        writing = false;
        writer.abort();
    }

    @Override
    public void close() throws IOException {
        if (writing) {
            stopWriting();
        }
        super.close();
    }
}
