package io.inetkit.cli;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.gopher.GopherUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;

/**
 * curl's {@code -O/--remote-name} (the file named as the URL's last path segment, in the current
 * directory) and {@code --create-dirs} (the missing directories of {@code -o}'s path, made
 * {@code rwxr-x---} as curl makes them).
 */
final class OutputOptions {

    boolean remoteName;
    boolean createDirs;
    /** Where {@code -O} saves: the current directory. */
    Path directory = Path.of("");

    /** Declares the options for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "remoteName", "-O", "--remote-name")
                .description("Write to a file of the current directory named as the URL's last path segment (not"
                        + " decoded), as curl's -O; Gopher: the selector's. A URL without one, or a name that is"
                        + " '.', '..' or holds '/' or a control character, is refused: exit status 23.").build());
        command.add(CommandModel.option(this, "createDirs", "--create-dirs")
                .description("Create the missing directories of -o's path, as curl's --create-dirs; without it a"
                        + " missing directory fails with exit status 23.").build());
    }

    /**
     * The file to write: {@code output} ({@code -o}'s, which may be {@code -}), or with {@code -O}
     * the URL's name in the current directory; null for standard output. Its missing directories
     * are made with {@code --create-dirs}.
     */
    Path target(Path output, URI uri, Internet internet) throws InternetException {
        Path target = output;
        if (remoteName) {
            if (output != null) {
                throw new InternetException(InternetError.INVALID_PARAMETER, "give -o FILE or -O, not both");
            }
            target = directory.resolve(name(uri, internet));
        }
        if (createDirs && target != null && !target.toString().equals("-")) {
            makeParents(target);
        }
        return target;
    }

    /** The URL's file name for {@code -O}, checked to name a file of the current directory. */
    static String name(URI uri, Internet internet) throws InternetException {
        Optional<Service<?>> service = internet.registry().serviceForScheme(uri.getScheme().toLowerCase(Locale.ROOT));
        String path;
        if (service.filter(Service.GOPHER::equals).isPresent()) {
            path = GopherUrl.parse(uri.toString()).selector(); // without the item type that starts the URL's path
        } else {
            path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (service.filter(Service.FTP::equals).isPresent()) {
                path = path.replaceFirst(";type=[aAiIdD]$", "");
            }
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw refused("-O: the URL has no file name to save under" + (name.isEmpty() ? "" : " ('" + name + "')")
                    + "; give one with -o FILE");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw refused("-O: the URL's file name holds '/', '\\' or a control character; give one with -o FILE");
            }
        }
        return name;
    }

    private static ExitStatus.Known refused(String message) {
        // curl's status for a remote name it cannot write to: a write error.
        return new ExitStatus.Known(new InternetException(InternetError.INVALID_PARAMETER, message), 23);
    }

    private static void makeParents(Path target) throws InternetException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            try {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-x---")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            // A file in the way, no permission, no space: curl's write error, whatever the cause.
            throw new ExitStatus.Known(InternetException.localFile("--create-dirs: cannot create the directory",
                    parent, e), 23);
        }
    }
}
