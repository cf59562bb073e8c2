package io.inetkit.toolbox;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The loggers of inetkit's own modules: SLF4J's, when the application has an SLF4J binding, and a
 * no-operation logger when it has none. SLF4J prints a three-line warning to standard error the
 * first time a logger is asked for without a binding; a library an application did not choose to
 * log with must not print that, so inetkit asks for none then.
 *
 * <pre>{@code
 * private static final Logger LOG = Logs.get(FtpConnection.class);
 * }</pre>
 *
 * <p>A binding counts when it is named by the {@code slf4j.provider} system property (as the
 * {@code inetkit} image does) or found as SLF4J finds it, by {@link ServiceLoader} with the loader of
 * SLF4J's own classes. Looked for once, when this class is first used.
 */
public final class Logs {

    private static final boolean BOUND = bound();

    private Logs() {
    }

    /** The logger for a class: SLF4J's, or a no-operation one when no binding is installed. */
    public static Logger get(Class<?> type) {
        return BOUND ? LoggerFactory.getLogger(type) : NOPLogger.NOP_LOGGER;
    }

    /**
     * Text a server sent, made fit for a log that may be read on a terminal: controls (C0, DEL, C1)
     * shown as {@code \xNN}, so that a reply cannot move the cursor or retitle a window, and text
     * past 2,000 characters cut with a note of how much was left out. Callers get the server's text
     * unchanged; only what is logged goes through here.
     */
    public static String printable(String text) {
        int max = 2000;
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                        : String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < text.length()) {
            out.append("... [").append(text.length() - i).append(" more characters]");
        }
        return out.toString();
    }

    /** Whether an SLF4J binding is installed. */
    public static boolean bound() {
        if (System.getProperty("slf4j.provider") != null) {
            return true;
        }
        try {
            return ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader())
                    .stream().findAny().isPresent();
        } catch (ServiceConfigurationError | RuntimeException e) {
            return true; // a broken binding: let SLF4J say what is wrong with it
        }
    }
}
