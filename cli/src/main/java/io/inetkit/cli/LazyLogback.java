package io.inetkit.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LocationAwareLogger;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The image's SLF4J binding: Logback, set up by {@link LogSetup}, but only when the first warning
 * or error is logged. Most runs log nothing, and starting Logback (its classes, its context, the
 * time-zone and locale data its status formatting reads) was a third of the command's start-up.
 * Until then the root level is WARN, as {@link LogSetup} sets it: events below it are dropped, as
 * Logback would drop them. The launcher names this class in the {@code slf4j.provider} property;
 * without it (tests, an application of its own) SLF4J finds Logback itself.
 */
public final class LazyLogback implements SLF4JServiceProvider {

    private final Factory factory = new Factory();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new LogbackMDCAdapter();

    /** For SLF4J, which makes it by reflection. */
    public LazyLogback() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing until the first event that Logback must see.
    }

    /** Hands out loggers that start Logback when they first have something to say. */
    final class Factory implements ILoggerFactory {

        private final Map<String, Lazy> loggers = new ConcurrentHashMap<>();
        private volatile LoggerContext logback;

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new Lazy(n, this));
        }

        boolean started() {
            return logback != null;
        }

        /** Logback's logger factory, set up on the first call. */
        synchronized LoggerContext logback() {
            if (logback == null) {
                LoggerContext context = new LoggerContext();
                context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
                context.setMDCAdapter((LogbackMDCAdapter) mdc);
                LogSetup setup = new LogSetup();
                setup.setContext(context);
                setup.configure(context);
                context.start();
                logback = context;
            }
            return logback;
        }
    }

    /** A logger that passes events of WARN and above to Logback, starting it; below WARN, only once it runs. */
    private static final class Lazy extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;
        private static final String FQCN = Lazy.class.getName();

        private final transient Factory factory;
        private transient volatile Logger delegate;

        Lazy(String name, Factory factory) {
            this.name = name;
            this.factory = factory;
        }

        private Logger delegate() {
            Logger logger = delegate;
            if (logger == null) {
                logger = factory.logback().getLogger(name);
                delegate = logger;
            }
            return logger;
        }

        @Override
        public boolean isTraceEnabled() {
            return factory.started() && delegate().isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return factory.started() && delegate().isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return factory.started() && delegate().isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate().isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate().isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return FQCN;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                Throwable cause) {
            // Reached only once the level check passed, so Logback is running.
            ((LocationAwareLogger) delegate()).log(marker, FQCN, level.toInt(), message, arguments, cause);
        }
    }
}
