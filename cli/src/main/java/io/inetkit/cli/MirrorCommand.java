package io.inetkit.cli;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.ftp.FtpSession;
import io.inetkit.ftp.FtpUrl;
import io.inetkit.gopher.GopherSession;
import io.inetkit.gopher.GopherUrl;
import io.inetkit.mirror.Mirror;
import io.inetkit.mirror.MirrorListener;
import io.inetkit.mirror.MirrorResult;
import io.inetkit.mirror.RemoteTree;
import io.inetkit.sftp.SftpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code inetkit mirror SOURCE TARGET}: lftp's {@code mirror} (and {@code mirror -R} when SOURCE is
 * the local directory) over the library's {@link Mirror}. Each failure is an error line naming its
 * path, and the mirror goes on; the exit status is the first failure's, 0 when none failed.
 */
final class MirrorCommand extends CliCommand {

    /** The most sessions {@code --parallel} opens: a mirror is not a way to flood a server. */
    static final int MAX_PARALLEL = 64;

    private final ConnectionOptions connection = new ConnectionOptions();
    private String source;
    private String target;
    private int parallel = 1;
    private boolean delete;
    private boolean dryRun;

    MirrorCommand() {
        super("mirror", "Mirror a directory tree: from an ftp://, ftps:// or sftp:// directory or a gopher:// menu"
                + " into a local directory, or from a local directory onto an ftp://, ftps:// or sftp:// directory."
                + " Only what is missing, of another size or newer is transferred; each file lands whole or not at all.");
    }

    @Override
    List<ArgSpec> arguments() {
        List<ArgSpec> arguments = new ArrayList<>();
        connection.addTo(arguments);
        arguments.add(CommandModel.option(this, "parallel", "--parallel")
                .paramLabel("N").defaultValue("1")
                .description("Transfer N files at a time, each on a session of its own (and one more session"
                        + " lists); at most " + MAX_PARALLEL + ". Default: ${DEFAULT-VALUE}.").build());
        arguments.add(CommandModel.option(this, "delete", "--delete")
                .description("Remove from TARGET the files and directories SOURCE does not have.").build());
        arguments.add(CommandModel.option(this, "dryRun", "--dry-run")
                .description("Print what would be done (get, put, mkdir, delete, a path a line) and change"
                        + " nothing.").build());
        arguments.add(CommandModel.parameter(0, this, "source")
                .paramLabel("SOURCE").description("A URL of a directory or menu, or a local directory.").build());
        arguments.add(CommandModel.parameter(1, this, "target")
                .paramLabel("TARGET").description("A local directory, or a URL of a directory.").build());
        return arguments;
    }

    @Override
    ExitStatus.Activity activity() {
        return isUrl(source) ? ExitStatus.Activity.DOWNLOAD : ExitStatus.Activity.UPLOAD;
    }

    @Override
    boolean verbose() {
        return connection.verbose;
    }

    @Override
    boolean showsErrors() {
        return connection.silent.showsErrors();
    }

    /** Whether the argument is a URL rather than a local path: a scheme, then {@code ://}. */
    static boolean isUrl(String argument) {
        return argument != null && argument.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    @Override
    public Integer call() throws IOException {
        boolean down = isUrl(source);
        if (down == isUrl(target)) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "mirror takes one URL and one local directory:"
                    + " SOURCE a URL to download, or TARGET a URL to upload");
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new InternetException(InternetError.INVALID_PARAMETER,
                    "--parallel must be from 1 to " + MAX_PARALLEL + ", not " + parallel);
        }
        URI uri = connection.withUser(UrlTarget.parse(down ? source : target), err);
        Path local = Path.of(down ? target : source);
        Report report = new Report();
        Mirror mirror = Mirror.newBuilder().delete(delete).dryRun(dryRun).limits(connection.limits)
                .listener(report).build();
        List<Session> sessions = new ArrayList<>();
        MirrorResult result;
        try (Internet internet = connection.internet(uri.getScheme(), err, stop)) {
            try {
                int count = parallel == 1 ? 1 : parallel + 1;
                List<RemoteTree> trees = new ArrayList<>();
                String directory = null;
                for (int i = 0; i < count; i++) {
                    Session session = UrlTarget.connect(internet, uri, connection.flags(internet, uri), connection.ssh);
                    sessions.add(session);
                    if (session instanceof FtpSession ftp) {
                        trees.add(RemoteTree.of(ftp));
                        directory = FtpUrl.of(uri).path();
                    } else if (session instanceof SftpSession sftp) {
                        trees.add(RemoteTree.of(sftp));
                        directory = uri.getPath() == null ? "" : uri.getPath();
                    } else if (session instanceof GopherSession gopher && down) {
                        GopherUrl menu = GopherUrl.parse(uri.toString());
                        if (menu.type() != '1') {
                            throw new InternetException(InternetError.GOPHER_INCORRECT_LOCATOR_TYPE, "mirror walks"
                                    + " Gopher menus (type 1); this URL names an item of type '" + menu.type() + "'");
                        }
                        trees.add(RemoteTree.of(gopher, menu.host(), menu.port()));
                        directory = menu.selector();
                    } else {
                        throw new InternetException(InternetError.INVALID_OPERATION, "mirror downloads from FTP"
                                + " and SFTP directories and Gopher menus and uploads to FTP and SFTP directories; not "
                                + uri.getScheme() + ": URLs" + (down ? "" : " as a TARGET"));
                    }
                }
                result = down ? mirror.download(trees, directory, local) : mirror.upload(local, trees, directory);
            } finally {
                for (Session session : sessions) {
                    session.close();
                }
            }
        }
        // A stop (--max-time, a signal) closed the sessions: its line and status, not the failures it caused.
        stop.check();
        if (connection.verbose || report.first != null) {
            err.println("inetkit: mirror: " + result.transferred() + (dryRun ? " to transfer, " : " transferred, ")
                    + result.unchanged() + " unchanged, " + result.deleted() + (dryRun ? " to delete, " : " deleted, ")
                    + result.skipped() + " skipped, " + result.failed() + " failed");
        }
        out.flush();
        err.flush();
        return report.first == null ? 0 : ExitStatus.of(report.first, activity());
    }

    /** The mirror's lines: its actions on standard output in a dry run or with -v, its skips and failures on standard error. */
    private final class Report implements MirrorListener {

        InternetException first;

        @Override
        public void action(Action action, String path) {
            if (dryRun || connection.verbose) {
                out.println(verb(action) + " " + TerminalText.line(path));
            }
        }

        @Override
        public void skipped(String path, String why) {
            if (showsErrors()) {
                err.println("inetkit: skipped " + TerminalText.line(path) + ": " + why);
            }
        }

        @Override
        public void failed(String path, InternetException failure) {
            if (first == null) {
                first = failure;
            }
            if (showsErrors() && stop.reason() == null) {
                err.println(ErrorLine.line(failure.error(), path + ": " + failure.getMessage()));
            }
        }

        private String verb(Action action) {
            return switch (action) {
                case DOWNLOAD -> "get";
                case UPLOAD -> "put";
                case MKDIR -> "mkdir";
                case DELETE -> "delete";
            };
        }
    }
}
