package io.inetkit.provider.ftp.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.inetkit.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;

/**
 * Jazzer fuzz tests of what the FTP provider parses: listing lines (Commons Net's UNIX and MLSD
 * parsers, then {@link FtpSessionImpl#entry}, which reads permissions and modes itself) and control
 * replies read through {@link ReplyReader}, with small limits. In every build these replay the stored inputs under
 * {@code src/test/resources/io/inetkit/provider/ftp/internal/FtpParsersFuzzTestInputs}; with
 * {@code -Pfuzz} they fuzz, one target per run, for 5 minutes unless {@code -Djazzer.max_duration} says
 * otherwise.
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
            return; // Commons Net's own bug on "size=x"; Listing turns it into an InternetException
        }
        if (mlsd != null) {
            FtpSessionImpl.entry(mlsd);
        }
    }

    private static final Limits SMALL = Limits.newBuilder().maxLineBytes(64).maxReplyLines(16).maxReplyBytes(512)
            .build();

    @FuzzTest(maxDuration = "30s")
    void controlReplies(byte[] input) {
        ReplyReader reader = new ReplyReader(new ByteArrayInputStream(input), null, StandardCharsets.UTF_8, SMALL,
                "fuzz:21");
        try {
            reader.startReply();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.getBytes(StandardCharsets.UTF_8).length > 64 * 3) { // a byte may decode to U+FFFD
                    throw new AssertionError("a line over the limit: " + line.length() + " chars");
                }
            }
        } catch (ReplyReader.BrokenReplyException expected) {
            // past a limit
        } catch (IOException e) {
            throw new AssertionError(e); // a byte array fails in no other way
        }
    }
}
