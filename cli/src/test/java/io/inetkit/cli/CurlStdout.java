package io.inetkit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** A run of the command with its standard output (where the body goes) and input captured. */
final class CurlStdout {

    final StringWriter err = new StringWriter();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int status;

    /** Runs {@code args} with {@code stdin} as standard input. */
    static CurlStdout run(byte[] stdin, String... args) {
        CurlStdout run = new CurlStdout();
        PrintStream originalOut = System.out;
        InputStream originalIn = System.in;
        System.setOut(new PrintStream(run.stdout, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            run.status = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(run.err, true));
        } finally {
            System.setOut(originalOut);
            System.setIn(originalIn);
        }
        return run;
    }

    static CurlStdout run(String... args) {
        return run(new byte[0], args);
    }

    String out() {
        return stdout.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "status " + status + ", stdout [" + out() + "], stderr [" + err + "]";
    }
}
