package io.inetkit.internal;

import io.inetkit.http.HttpHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The validator a resumed download sends as {@code If-Range}, kept with the partial file in an
 * extended attribute, so that it lives and dies with the bytes it vouches for (copied, moved or
 * deleted with them) and needs no second file beside the target.
 */
final class ResumeValidator {

    /** The attribute's name, {@code user.inetkit.if-range} as {@code getfattr} shows it. */
    static final String ATTRIBUTE = "inetkit.if-range";
    private static final int MAX = 1024;

    private ResumeValidator() {
    }

    /**
     * The value for {@code If-Range} that a full response offers: its strong {@code ETag}, else a
     * {@code Last-Modified} a second or more before its {@code Date} (RFC 9110 8.8.2.2's test for a
     * client); empty when it offers neither, since a weak validator must not go into {@code If-Range}.
     */
    static Optional<String> of(HttpHeaders headers) {
        Optional<String> tag = headers.firstValue("ETag").map(String::strip);
        if (tag.isPresent()) {
            String value = tag.get();
            return value.length() >= 2 && value.length() <= MAX && value.startsWith("\"") && value.endsWith("\"")
                    && printable(value) ? tag : Optional.empty();
        }
        Optional<String> modified = headers.firstValue("Last-Modified").map(String::strip);
        Optional<String> date = headers.firstValue("Date").map(String::strip);
        if (modified.isEmpty() || date.isEmpty()) {
            return Optional.empty();
        }
        try {
            ZonedDateTime lastModified = ZonedDateTime.parse(modified.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
            ZonedDateTime sent = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
            boolean strong = Duration.between(lastModified, sent).getSeconds() >= 1;
            return strong && printable(modified.get()) ? modified : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean printable(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** The kept validator; empty when there is none or the file system keeps no attributes. */
    static Optional<String> read(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            if (!view.list().contains(ATTRIBUTE) || view.size(ATTRIBUTE) > MAX) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate(MAX);
            view.read(ATTRIBUTE, buffer);
            String value = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return printable(value) && !value.isEmpty() ? Optional.of(value) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * Keeps {@code validator} with the file, or removes the one kept when it is empty.
     *
     * @return false when the file system keeps no attributes
     */
    static boolean write(Path file, Optional<String> validator) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return false;
        }
        try {
            if (validator.isPresent()) {
                view.write(ATTRIBUTE, ByteBuffer.wrap(validator.get().getBytes(StandardCharsets.US_ASCII)));
            } else if (view.list().contains(ATTRIBUTE)) {
                view.delete(ATTRIBUTE);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
