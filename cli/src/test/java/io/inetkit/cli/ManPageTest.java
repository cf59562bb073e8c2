package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The manual page and completion that the image's build writes (Manuals), rendered as man(1) would. */
class ManPageTest {

    private final CommandLine model = Main.model();
    private final String page = ManPage.of(model, "1.2.3", "2026-12-07");

    @Test
    void everyOptionOfEveryCommandIsOnThePage() {
        List<String> missing = new ArrayList<>();
        for (CommandLine command : model.getSubcommands().values()) {
            assertTrue(page.contains(".SS " + command.getCommandName()), command.getCommandName());
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String name : option.names()) {
                    if (!page.contains("\\fB" + ManPage.text(name) + "\\fR")) {
                        missing.add(command.getCommandName() + " " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(page.startsWith(".TH INETKIT 1 \"2026-12-07\" \"inetkit 1.2.3\""), page.lines().findFirst().orElse(""));
    }

    @Test
    void groffRendersThePageWithoutAWarning() throws Exception {
        Path file = Files.createTempFile("inetkit-", ".1");
        try {
            Files.writeString(file, page);
            Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-P-cbou", file.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            String shown = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(groff.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, groff.exitValue(), warnings);
            assertEquals("", warnings);
            // Hyphens are minus signs, so an option copied from the page is the option.
            assertTrue(shown.contains("--max-time"), shown);
            assertTrue(shown.contains("EXIT STATUS"), shown);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void textCannotBecomeARoffRequest() {
        assertEquals("\\&.so /etc/passwd", ManPage.text(".so /etc/passwd"));
        assertEquals("\\&'br", ManPage.text("'br"));
        assertEquals("a\\eb \\-\\-x", ManPage.text("a\\b --x"));
    }

    @Test
    void theExitStatusesAreThoseTheCommandReturnsAndTheDocsList() throws IOException {
        Set<Integer> listed = new TreeSet<>();
        for (ExitStatus.Meaning meaning : ExitStatus.MEANINGS) {
            listed.add(meaning.status());
        }
        Set<Integer> returned = new TreeSet<>();
        for (InternetError error : InternetError.values()) {
            for (ExitStatus.Activity activity : ExitStatus.Activity.values()) {
                for (String message : List.of("x", "(Limits.maxRedirects)", "ended early")) {
                    returned.add(ExitStatus.of(new InternetException(error, message), activity));
                    returned.add(ExitStatus.of(new InternetException(error, message, "HTTP/1.1 404", null), activity));
                    returned.add(ExitStatus.of(new InternetException(error, message, "550 no", null), activity));
                    returned.add(ExitStatus.of(new InternetException(error, message, new UnknownHostException()), activity));
                }
            }
        }
        returned.add(ExitStatus.READ_ERROR);
        returned.add(ExitStatus.RANGE_ERROR); // -C -'s, as Known statuses
        returned.add(ExitStatus.BAD_RESUME);
        returned.add(Authorities.CA_FILE);
        assertEquals(listed, returned);
        assertEquals(listed, documented());
    }

    /** The statuses of docs/curl-options.md's table: its rows start with {@code | number |}. */
    private static Set<Integer> documented() throws IOException {
        Path docs = Path.of("..", "docs", "curl-options.md");
        Set<Integer> numbers = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(Files.readString(docs));
        while (row.find()) {
            numbers.add(Integer.parseInt(row.group(1)));
        }
        return numbers;
    }

    @Test
    void manualsWritesThePageAndTheCompletion(@TempDir Path image) throws IOException {
        Manuals.write(image);
        assertTrue(Files.readString(image.resolve(Manuals.MAN_PAGE)).contains(".SH EXIT STATUS"));
        String completion = Files.readString(image.resolve(Manuals.COMPLETION));
        assertTrue(completion.contains("complete -F _complete_inetkit"), completion.substring(0, 200));
        assertTrue(completion.contains("--max-time"));
    }
}
