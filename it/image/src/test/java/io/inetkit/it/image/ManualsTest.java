package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The manual page and the bash completion in the image, used as people use them: man(1) finds the
 * page beside the image's {@code bin} on the PATH, and bash completes from the script.
 */
class ManualsTest {

    private final Path image = ImageRun.launcher().getParent().getParent();

    @Test
    void manFindsThePageThroughThePathAndRendersItWithoutAWarning() throws Exception {
        Path page = image.resolve("share/man/man1/inetkit.1");
        assertTrue(Files.isRegularFile(page), page + " is missing");
        // man-db maps a PATH entry's bin to its ../share/man: no MANPATH needed.
        Output where = run(Map.of("PATH", image.resolve("bin") + ":/usr/bin:/bin", "MANPATH", ""),
                "man", "-w", "inetkit");
        assertEquals(page.toRealPath().toString(), where.out.strip(), where.err);
        Output shown = run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-P-cbou", page.toString());
        assertEquals("", shown.err);
        assertTrue(shown.out.contains("inetkit get [OPTIONS] URL"), shown.out);
        assertTrue(shown.out.contains("--max-time SECONDS"), shown.out);
    }

    @Test
    void bashCompletesCommandsAndOptions() throws Exception {
        Path script = image.resolve("share/bash-completion/completions/inetkit");
        assertEquals(List.of("services", "get", "ls", "put", "mirror", "info", "demo"), complete(script, "inetkit", ""));
        assertTrue(complete(script, "inetkit", "mirror", "--").contains("--dry-run"));
        assertEquals(List.of("--max-time"), complete(script, "inetkit", "get", "--max-t"));
        assertTrue(complete(script, "inetkit", "ls", "--").contains("--timeout"));
    }

    /** What bash's completion function offers for the last word of {@code words}. */
    private static List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append('\'').append(word).append("' ");
        }
        String program = "source '" + script + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_inetkit 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Output output = run(Map.of(), "bash", "--norc", "--noprofile", "-c", program);
        return output.out.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private record Output(String out, String err) {
    }

    private static Output run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Output(out, err);
    }
}
