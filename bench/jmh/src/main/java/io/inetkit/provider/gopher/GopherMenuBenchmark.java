package io.inetkit.provider.gopher;

import io.inetkit.gopher.GopherItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * Parsing a Gopher menu reply, from bytes to items, as {@code GopherSession.menu} does after the
 * socket: the provider's {@code LineReader} and {@code Replies.menu}. In the provider's package
 * (on the class path) because both are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GopherMenuBenchmark {

    @Param({"10", "1000"})
    public int items;

    private byte[] reply;
    private Limits limits;

    @Setup
    public void makeReply() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < items; i++) {
            if (i % 5 == 0) {
                text.append("iSome information text about the next items, line ").append(i)
                        .append("\tfake\t(NULL)\t0\r\n");
            } else {
                text.append(i % 2 == 0 ? '0' : '1').append("Item number ").append(i).append(" of the menu\t/dir/item")
                        .append(i).append(i % 2 == 0 ? ".txt" : "/").append("\tgopher.example.org\t70\r\n");
            }
        }
        text.append(".\r\n");
        reply = text.toString().getBytes(StandardCharsets.UTF_8);
        limits = Limits.current();
    }

    @Benchmark
    public List<GopherItem> parseMenu() throws IOException {
        LineReader lines = new LineReader(new ByteArrayInputStream(reply), limits, "bench");
        return Replies.menu(lines, limits, "bench", Replies.Operation.MENU);
    }
}
