package io.inetkit.cli;

import java.util.Locale;

/**
 * The text of the progress line: a bar with the percentage, the bytes, the rate and the time left
 * when the size is known; the bytes, the rate and the time spent when it is not. At most
 * {@link #WIDTH} characters, so that a carriage return redraws it on an 80-column terminal.
 */
final class ProgressLine {

    /** The line's width at most: one less than a classic terminal, so that it never wraps. */
    static final int WIDTH = 79;

    private static final int BAR = 24;

    private ProgressLine() {
    }

    /**
     * @param bytes the bytes so far
     * @param total the bytes expected, or -1 when the size is unknown
     * @param nanos the time since the transfer began
     */
    static String of(long bytes, long total, long nanos) {
        double seconds = Math.max(nanos, 1) / 1e9;
        double rate = bytes / seconds;
        String speed = size(rate) + "/s";
        if (total <= 0 || bytes > total) {
            return fit(String.format(Locale.ROOT, "%s  %s  %s", size(bytes), speed, clock(seconds)));
        }
        int percent = (int) (bytes * 100 / total);
        int filled = (int) (bytes * BAR / total);
        String bar = "#".repeat(filled) + " ".repeat(BAR - filled);
        String left = rate > 0 ? clock((total - bytes) / rate) + " left" : "--:-- left";
        return fit(String.format(Locale.ROOT, "%3d%% [%s] %s of %s  %s  %s", percent, bar, size(bytes), size(total),
                speed, left));
    }

    /** A size in the unit that keeps it short: B, kB, MB, GB (powers of 1000, as curl's meter). */
    static String size(double bytes) {
        if (bytes < 1000) {
            return String.format(Locale.ROOT, "%d B", (long) bytes);
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes / 1000;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value,
                units[unit]);
    }

    /** Seconds as {@code m:ss}, or {@code h:mm:ss} past an hour. */
    static String clock(double seconds) {
        long s = (long) Math.min(seconds, 359_999);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String fit(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH);
    }
}
