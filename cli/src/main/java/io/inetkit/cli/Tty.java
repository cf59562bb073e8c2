package io.inetkit.cli;

import java.io.Console;

/** Whether a person is at a terminal, for what only a person should see or be spared. */
final class Tty {

    private Tty() {
    }

    /**
     * Whether standard input and output are a terminal: before JDK 22 exactly when
     * {@link System#console()} exists; from JDK 22 on a console exists for pipes too, and its
     * {@code isTerminal()}, looked up by reflection since this is Java 17 code, tells.
     */
    static boolean present() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
