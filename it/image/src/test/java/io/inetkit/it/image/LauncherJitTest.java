package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher runs a mirror over plain FTP or Gopher on C1 alone, and keeps C2 wherever a cipher
 * runs (ftps, sftp, {@code --ftp-ssl}, a proxy's URL) and for every other command. The JVM prints
 * the compile level it stops at ({@code -XX:+PrintFlagsFinal}); port 1 refuses, so each run ends
 * at once.
 */
class LauncherJitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LEVEL = Pattern.compile("\\bTieredStopAtLevel\\s*=\\s*(\\d)");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1} -> level {0}")
    @CsvSource(delimiter = '|', value = {
        "1|mirror ftp://127.0.0.1:1/tree/ DIR",
        "1|mirror FTP://127.0.0.1:1/tree/ DIR",
        "1|mirror --parallel 8 gopher://127.0.0.1:1/1/ DIR",
        "1|mirror DIR ftp://127.0.0.1:1/up/",
        "4|mirror ftps://127.0.0.1:1/tree/ DIR",
        "4|mirror sftp://127.0.0.1:1/tree/ DIR",
        "4|mirror --ftp-ssl ftp://127.0.0.1:1/tree/ DIR",
        "4|mirror -x https://127.0.0.1:1 ftp://127.0.0.1:1/tree/ DIR",
        "4|get ftp://127.0.0.1:1/f",
        "4|ls ftp://127.0.0.1:1/ mirror"})
    void theCompileLevelFollowsTheCommand(int level, String line) {
        List<String> args = new ArrayList<>();
        for (String arg : line.split(" ")) {
            args.add(arg.equals("DIR") ? dir.resolve("target").toString() : arg);
        }
        ImageRun.Finished run = ImageRun.of(args.toArray(String[]::new))
                .env("JLINK_VM_OPTIONS", "-XX:+PrintFlagsFinal").run(TIMEOUT);
        Matcher flag = LEVEL.matcher(run.stdoutText());
        assertEquals(true, flag.find(), "no flags printed: " + run.stderrText());
        assertEquals(level, Integer.parseInt(flag.group(1)), line);
    }
}
