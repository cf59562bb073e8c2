package io.inetkit.mirror;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One directory's listing, streamed from the server into a temporary file and read back as often
 * as the walk needs: the session is free again at once, and the heap holds no listing, however
 * long. The file is removed at {@link #close}.
 */
final class Spool implements AutoCloseable {

    private final Path file;

    private Spool(Path file) {
        this.file = file;
    }

    /** The listing, written to a spool; {@code seen} counts the whole tree's entries against {@code limits}. */
    static Spool of(Stream<TreeEntry> listing, AtomicLong seen, Limits limits, String where)
            throws InternetException {
        Path file;
        try {
            file = Files.createTempFile("inetkit-mirror-", ".list");
        } catch (IOException e) {
            throw new InternetException(InternetError.INTERNAL_ERROR, "cannot make a temporary file for a listing: "
                    + e.getMessage(), e);
        }
        Spool spool = new Spool(file);
        try (listing; DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (Iterator<TreeEntry> each = listing.iterator(); each.hasNext(); ) {
                if (seen.incrementAndGet() > limits.maxTreeEntries()) {
                    throw Limits.exceeded(InternetError.INVALID_OPERATION, where,
                            "a tree of more than " + limits.maxTreeEntries() + " entries", "maxTreeEntries");
                }
                write(out, each.next());
            }
        } catch (UncheckedIOException e) {
            spool.close();
            throw e.getCause() instanceof InternetException known ? known
                    : new InternetException(InternetError.INTERNAL_ERROR, e.getCause().getMessage(), e.getCause());
        } catch (InternetException | RuntimeException e) {
            spool.close();
            throw e;
        } catch (IOException e) {
            spool.close();
            throw new InternetException(InternetError.INTERNAL_ERROR, "cannot write a listing to " + file + ": "
                    + e.getMessage(), e);
        }
        return spool;
    }

    private static void write(DataOutputStream out, TreeEntry entry) throws IOException {
        out.writeByte(entry.kind().ordinal());
        text(out, entry.name());
        text(out, entry.location());
        out.writeLong(entry.size().orElse(-1));
        out.writeBoolean(entry.modified().isPresent());
        if (entry.modified().isPresent()) {
            out.writeLong(entry.modified().get().getEpochSecond());
            out.writeInt(entry.modified().get().getNano());
        }
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** A reading of the listing from its start. */
    Reader read() throws InternetException {
        try {
            return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file))));
        } catch (IOException e) {
            throw new InternetException(InternetError.INTERNAL_ERROR, "cannot read a listing back from " + file
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temporary file; the system's cleaning of its temporary folder takes what is left.
        }
    }

    /** One pass over the spooled entries. */
    static final class Reader implements AutoCloseable {

        private final DataInputStream in;

        private Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the end. */
        TreeEntry next() throws InternetException {
            try {
                int kind;
                try {
                    kind = in.readUnsignedByte();
                } catch (EOFException end) {
                    return null;
                }
                String name = text();
                String location = text();
                long size = in.readLong();
                Optional<Instant> modified = in.readBoolean()
                        ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt())) : Optional.empty();
                return new TreeEntry(name, TreeEntry.Kind.values()[kind], size < 0 ? OptionalLong.empty()
                        : OptionalLong.of(size), modified, location);
            } catch (IOException e) {
                throw new InternetException(InternetError.INTERNAL_ERROR, "cannot read a listing back: "
                        + e.getMessage(), e);
            }
        }

        private String text() throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // A read-only temporary file.
            }
        }
    }
}
