package io.inetkit.provider.ftp.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.apache.commons.net.io.CRLFLineReader;

/**
 * Jazzer fuzz tests of what the FTP provider parses: listing lines (Commons Net's UNIX and MLSD
 * parsers, then {@link FtpSessionImpl#entry}, which reads permissions and modes itself) and control
 * replies read through {@link LineLimitReader}. In every build these replay the stored inputs under
 * {@code src/test/resources/io/inetkit/provider/ftp/internal/FtpParsersFuzzTestInputs}; with
 * {@code -Pfuzz} they fuzz (see RELIABILITY.md).
 */
class FtpParsersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void listingLines(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        FTPFile unix = new UnixFTPEntryParser().parseFTPEntry(line);
        if (unix != null) {
            FtpSessionImpl.entry(unix);
        }
        FTPFile mlsd;
        try {
            mlsd = MLSxEntryParser.parseEntry(line);
        } catch (NumberFormatException e) {
            return; // Commons Net's own bug on "size=x"; FtpSessionImpl.list turns it into an InternetException
        }
        if (mlsd != null) {
            FtpSessionImpl.entry(mlsd);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void controlReplies(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try (CRLFLineReader reader = new CRLFLineReader(new LineLimitReader(new StringReader(text), 64))) {
            while (reader.readLine() != null) {
                // every line within the limit, or an IOException
            }
        } catch (IOException expected) {
            // a line over the limit
        }
    }
}
