package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every code block of the README marked {@code <!-- snippet: FILE -->} is a piece of that file, so
 * that what the README shows compiles and runs: the sample application's files are built and run by
 * CI (.ci/sample). Indentation is not compared.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of(System.getProperty("inetkit.it.root", "../..")).normalize();
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\\n```\\w*\\n(.*?)\\n```",
            Pattern.DOTALL);

    private static String unindented(String text) {
        return text.lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void everyMarkedSnippetIsAPieceOfItsFile() throws Exception {
        Matcher m = SNIPPET.matcher(Files.readString(ROOT.resolve("README.md")));
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path file = ROOT.resolve(m.group(1));
            assertTrue(Files.isRegularFile(file), "the README takes a snippet from " + file + ", which is missing");
            String snippet = unindented(m.group(2));
            assertTrue(unindented(Files.readString(file)).contains(snippet),
                    "the README's snippet is not in " + m.group(1) + ":\n" + m.group(2));
            checked.add(m.group(1));
        }
        assertTrue(checked.size() >= 7, "fewer marked snippets than the README has: " + checked);
        assertTrue(checked.contains("samples/hello-ftp/src/main/java/com/example/hello/Backup.java"), checked.toString());
    }
}
