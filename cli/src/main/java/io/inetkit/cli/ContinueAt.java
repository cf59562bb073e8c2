package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code -C -}, {@code --continue-at -}: curl's "continue where the file ends", for {@code get -o}
 * (the output file's length) and {@code put} to FTP (the server's {@code SIZE}). curl's numeric
 * offset ({@code -C 400}) is refused: an offset that is not where the file ends splices.
 */
final class ContinueAt {

    private String value;

    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "value", "-C", "--continue-at")
                .paramLabel("-")
                .description("Resume, as curl's -C -: get -o FILE (HTTP, FTP, SFTP) asks for the rest of what FILE holds"
                        + " (HTTP: Range, with If-Range so that a changed file starts over) and writes into FILE"
                        + " itself, which keeps what came if the transfer fails; put to FTP sends what the server's"
                        + " SIZE lacks (APPE), to SFTP what the remote file lacks, appended.").build());
    }

    /** Whether {@code -C -} was given; a value other than {@code -} is a usage error. */
    boolean given() throws InternetException {
        if (value == null) {
            return false;
        }
        if (!value.equals("-")) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "-C takes -, to continue where the file ends;"
                    + " an offset (" + TerminalText.line(value) + ") is not supported");
        }
        return true;
    }
}
