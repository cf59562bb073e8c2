package io.inetkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command's Logback set-up, in code: warnings and errors on standard error as
 * {@code inetkit: WARN Logger: message}. The image's {@link LazyLogback} applies it when the first
 * warning is logged; elsewhere Logback finds it through {@link java.util.ServiceLoader}
 * before any configuration file; reading {@code logback.xml} with Joran cost a tenth of a second
 * at every start, which a command that runs for milliseconds should not pay.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** For the service loader. */
    public LogSetup() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Line layout = new Line();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Shows only errors from a logger and its children: for libraries that warn about their routine. */
    static void onlyErrors(String logger) {
        org.slf4j.ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
        if (factory instanceof LazyLogback.Factory lazy) {
            factory = lazy.logback();
        }
        if (factory.getLogger(logger) instanceof Logger logback) {
            logback.setLevel(Level.ERROR);
        }
    }

    /**
     * One line per event; the cause's message but no stack trace, which is for -v. A library's
     * message may quote a server, so the line is made printable as every server text.
     */
    private static final class Line extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            String logger = event.getLoggerName();
            StringBuilder line = new StringBuilder("inetkit: ").append(event.getLevel()).append(' ')
                    .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
                    .append(event.getFormattedMessage());
            IThrowableProxy cause = event.getThrowableProxy();
            if (cause != null) {
                line.append(" (").append(cause.getClassName()).append(": ").append(cause.getMessage()).append(')');
            }
            return TerminalText.line(line.toString()) + System.lineSeparator();
        }
    }
}
