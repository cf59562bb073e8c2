package io.inetkit.provider.http.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of an entry's metadata file: a magic number, the {@link StoredResponse}, the name,
 * length and CRC32C of its body file, and a CRC32C of everything before it. A file that is short,
 * foreign, from another version or damaged anywhere fails {@link #decode} and is never served.
 */
final class MetaFile {

    /** "IKC" and the format's version: a file of another version is a miss, and is replaced. */
    private static final int MAGIC = 0x494B_4301;

    /** The most a metadata file may hold: bounded before anything is read into memory. */
    static final int MAX_BYTES = 1 << 20;

    private MetaFile() {
    }

    /** The metadata of a stored response and where its body is. */
    record Meta(StoredResponse response, String bodyFile, long bodyLength, int bodyCrc) {
    }

    static byte[] encode(Meta meta) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bytes);
            StoredResponse response = meta.response();
            out.writeInt(MAGIC);
            string(out, response.url());
            string(out, response.method());
            strings(out, response.varyHeaders());
            out.writeInt(response.status());
            string(out, response.reason());
            strings(out, response.headers());
            out.writeLong(response.requestMillis());
            out.writeLong(response.responseMillis());
            string(out, meta.bodyFile());
            out.writeLong(meta.bodyLength());
            out.writeInt(meta.bodyCrc());
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            if (bytes.size() > MAX_BYTES) {
                throw new IllegalArgumentException("metadata of " + bytes.size() + " bytes, over " + MAX_BYTES);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("a byte array cannot fail", e);
        }
    }

    /** The metadata in {@code bytes}, or null if they are not a whole, undamaged file of this format. */
    static Meta decode(byte[] bytes) {
        if (bytes.length < 8 || bytes.length > MAX_BYTES) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt(bytes.length - 4) != (int) crc.getValue() || in.getInt() != MAGIC) {
            return null;
        }
        try {
            String url = string(in);
            String method = string(in);
            List<String> vary = strings(in);
            int status = in.getInt();
            String reason = string(in);
            List<String> headers = strings(in);
            long requested = in.getLong();
            long received = in.getLong();
            String body = string(in);
            long length = in.getLong();
            int bodyCrc = in.getInt();
            if (in.remaining() != 4 || length < 0 || status < 100 || status > 999) {
                return null;
            }
            return new Meta(new StoredResponse(url, method, vary, status, reason, headers, requested, received),
                    body, length, bodyCrc);
        } catch (RuntimeException e) {
            // A length past the end, odd pairs: the CRC matched bytes this code did not write.
            return null;
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void strings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            string(out, value);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length " + length);
        }
        String value = new String(bytes(in, length), StandardCharsets.UTF_8);
        return value;
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static List<String> strings(ByteBuffer in) {
        int count = in.getInt();
        // Each string takes at least its 4-byte length: a count past that is a lie.
        if (count < 0 || count > in.remaining() / 4) {
            throw new IllegalArgumentException("bad count " + count);
        }
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(string(in));
        }
        return values;
    }
}
