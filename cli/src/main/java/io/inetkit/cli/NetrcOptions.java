package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;

/**
 * curl's {@code -n/--netrc}, {@code --netrc-file FILE} and {@code --netrc-optional}: the login for
 * the URL's host from {@code ~/.netrc} or FILE ({@link NetrcFile}). A missing {@code ~/.netrc} is
 * no error; a FILE given that cannot be read is curl's 26, unless {@code --netrc-optional}.
 */
final class NetrcOptions {

    boolean netrc;
    Path file;
    boolean optional;
    /** The home directory whose {@code .netrc} {@code -n} reads; $HOME, or the JVM's user.home. */
    Path home = home();

    /** Declares the options for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "netrc", "-n", "--netrc")
                .description("Log in with the login and password that ~/.netrc gives for the URL's host (its"
                        + " 'machine', else 'default'), as curl's -n; these win over the URL's own, -u wins over"
                        + " both. A missing ~/.netrc is no error.").build());
        command.add(CommandModel.option(this, "file", "--netrc-file")
                .paramLabel("FILE")
                .description("As -n, from FILE; exit status 26 if FILE cannot be read.").build());
        command.add(CommandModel.option(this, "optional", "--netrc-optional")
                .description("As -n, but the URL's own password wins, and a FILE that cannot be read is no"
                        + " error.").build());
    }

    /** Whether a netrc file is to be read. */
    boolean enabled() {
        return netrc || optional || file != null;
    }

    /** Whether the URL's own password wins over the file's, as with curl's --netrc-optional. */
    boolean urlFirst() {
        return optional && !netrc;
    }

    /**
     * The login the netrc file gives for {@code host}, of {@code user} if given; empty when the
     * file has none or, where that is no error, cannot be read. A file others can read is warned
     * about on {@code warnings}, as the classic ftp client does.
     */
    Optional<NetrcFile.Login> login(String host, String user, PrintWriter warnings) throws InternetException {
        Path path = file != null ? file : home.resolve(".netrc");
        boolean required = file != null && !optional;
        NetrcFile netrcFile;
        try {
            netrcFile = NetrcFile.read(path);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new ExitStatus.Known(new InternetException(InternetError.FILE_NOT_FOUND, "--netrc-file "
                        + path + ": no such file"), ExitStatus.READ_ERROR);
            }
            return Optional.empty();
        } catch (InternetException e) {
            throw new ExitStatus.Known(e, ExitStatus.READ_ERROR);
        } catch (IOException e) {
            if (!required) {
                return Optional.empty();
            }
            throw new ExitStatus.Known(InternetException.localFile("cannot read the netrc file", path, e),
                    ExitStatus.READ_ERROR);
        }
        warnIfShared(path, warnings);
        return netrcFile.find(host, user);
    }

    private static void warnIfShared(Path path, PrintWriter warnings) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (IOException | UnsupportedOperationException e) {
            return; // no POSIX permissions to judge
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            warnings.println("inetkit: warning: " + TerminalText.line(path.toString()) + " can be read by others than"
                    + " its owner, passwords and all; chmod 600 it");
            warnings.flush();
        }
    }

    private static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }
}
