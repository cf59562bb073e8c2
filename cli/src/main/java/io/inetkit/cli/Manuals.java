package io.inetkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the command's manual page and its bash completion into an image, where man(1) and
 * bash-completion look for them under a prefix: {@code share/man/man1/inetkit.1} and
 * {@code share/bash-completion/completions/inetkit}. The image's build runs it; not an API.
 */
public final class Manuals {

    /** The manual page, relative to the image. */
    static final String MAN_PAGE = "share/man/man1/inetkit.1";

    /** The bash completion script (zsh reads it too, through bashcompinit), relative to the image. */
    static final String COMPLETION = "share/bash-completion/completions/inetkit";

    private Manuals() {
    }

    /**
     * Writes both into the image.
     *
     * @param args the image's folder
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Manuals IMAGE");
        }
        write(Path.of(args[0]));
    }

    static void write(Path image) throws IOException {
        CommandLine model = Main.model();
        // SOURCE_DATE_EPOCH, when a reproducible build sets it, dates the page; else today.
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        LocalDate date = epoch != null && epoch.matches("\\d+")
                ? LocalDate.ofEpochDay(Long.parseLong(epoch) / 86_400) : LocalDate.now(ZoneOffset.UTC);
        writeFile(image.resolve(MAN_PAGE), ManPage.of(model, Version.of(Manuals.class), date.toString()));
        writeFile(image.resolve(COMPLETION), AutoComplete.bash("inetkit", model));
    }

    private static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
