package io.inetkit.cli;

import io.inetkit.InternetError;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGTERM and SIGHUP stop the running command ({@link Stop}) rather than end the JVM at
 * once: the command's temporary file is removed and its connections closed, and it exits with
 * 128 plus the signal's number (130, 143, 129), as a shell reports a process a signal ended. The
 * JVM's own handlers would exit with the same statuses but leave the {@code .part} file behind;
 * a shutdown hook could clean up but not say which signal came. {@code sun.misc.Signal} is the
 * supported way to tell them apart; installing it costs a start a few classes, all in the image's
 * class-data archive.
 */
final class Signals implements SignalHandler {

    private final Stop stop;

    private Signals(Stop stop) {
        this.stop = stop;
    }

    /** Routes the three signals to {@code stop}. */
    static void install(Stop stop) {
        Signals handler = new Signals(stop);
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), handler);
            } catch (IllegalArgumentException unavailable) {
                // The JVM keeps this signal (-Xrs) or the system has none of the name: its default stays.
            }
        }
    }

    @Override
    public void handle(Signal signal) {
        stop.stop(new Stop.Reason(InternetError.OPERATION_CANCELLED, "stopped by SIG" + signal.getName(),
                128 + signal.getNumber()));
    }
}
