package io.inetkit.provider.ftp.internal;

import io.inetkit.ftp.FtpEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing a directory listing as {@code FtpSession.list} does: Commons Net's parser for the reply
 * (MLSD facts, or a Unix {@code LIST}), then the provider's conversion to {@link FtpEntry}. The
 * {@code parserOnly} variant shows how much of it is Commons Net's. In the provider's package (on
 * the class path) because the conversion is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FtpListingBenchmark {

    @Param({"mlsd", "unix"})
    public String format;

    @Param({"1000"})
    public int entries;

    private List<String> lines;
    private FTPFileEntryParser parser;

    @Setup
    public void makeListing() {
        lines = new ArrayList<>(entries);
        parser = format.equals("mlsd") ? MLSxEntryParser.getInstance() : new UnixFTPEntryParser();
        for (int i = 0; i < entries; i++) {
            boolean dir = i % 10 == 0;
            lines.add(format.equals("mlsd")
                    ? "modify=20261125" + String.format("%06d", i % 240000) + ";perm=" + (dir ? "flcdmpe" : "adfrw")
                            + ";size=" + (i * 1031L) + ";type=" + (dir ? "dir" : "file") + ";UNIX.group=1000;UNIX.mode="
                            + (dir ? "0755" : "0644") + ";UNIX.owner=1000; " + (dir ? "directory" : "file") + i + ".dat"
                    : (dir ? "drwxr-xr-x" : "-rw-r--r--") + "    1 1000     1000     " + (i * 1031L)
                            + " Nov 25 12:" + String.format("%02d", i % 60) + " " + (dir ? "directory" : "file") + i + ".dat");
        }
    }

    @Benchmark
    public void parserOnly(Blackhole hole) {
        for (String line : lines) {
            hole.consume(parser.parseFTPEntry(line));
        }
    }

    @Benchmark
    public void parseAndConvert(Blackhole hole) {
        for (String line : lines) {
            FTPFile file = parser.parseFTPEntry(line);
            if (file != null) {
                hole.consume(FtpSessionImpl.entry(file));
            }
        }
    }
}
