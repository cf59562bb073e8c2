package io.inetkit.cli.launch;

import io.inetkit.cli.Main;

/**
 * Where the image's {@code bin/inetkit} starts the command, by class name rather than with
 * {@code -m}. Not an API: this package is exported only so that the command's module is a root of
 * the JVM's default boot layer. The JVM then takes that layer's module graph ready-made from its
 * class-data sharing archive instead of resolving it at every start, which it does only when no
 * main module is named: about 12 ms of CPU less at each start.
 */
public final class Launch {

    private Launch() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Main.main(args);
    }
}
