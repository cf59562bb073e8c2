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
