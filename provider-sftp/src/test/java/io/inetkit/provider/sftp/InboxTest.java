package io.inetkit.provider.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reading channel's inbox: bytes out in the order they came, bounded, and a wait with an end. */
class InboxTest {

    @Test
    void bytesComeOutInOrderAcrossWrapsAndGrowth() throws Exception {
        Inbox inbox = new Inbox(1 << 20);
        Random random = new Random(3);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[40_000];
        int held = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] piece = new byte[random.nextInt(50_000)];
            random.nextBytes(piece);
            if (held + piece.length <= 1 << 20) {
                inbox.write(piece, 0, piece.length);
                written.write(piece);
                held += piece.length;
            }
            int want = random.nextInt(buffer.length) + 1;
            while (want > 0 && held > 0) {
                int n = inbox.read(buffer, 0, Math.min(want, buffer.length), 1000);
                read.write(buffer, 0, n);
                held -= n;
                want -= n;
            }
        }
        inbox.close();
        for (int n; (n = inbox.read(buffer, 0, buffer.length, 1000)) >= 0; ) {
            read.write(buffer, 0, n);
        }
        assertArrayEquals(written.toByteArray(), read.toByteArray());
        assertNull(inbox.overflow());
    }

    @Test
    void moreThanItsCapacityUnreadClosesItWithTheReason() throws Exception {
        Inbox inbox = new Inbox(100_000);
        inbox.write(new byte[60_000], 0, 60_000);
        IOException e = assertThrows(IOException.class, () -> inbox.write(new byte[50_000], 0, 50_000));
        assertTrue(e.getMessage().contains("100000"), e::getMessage);
        assertTrue(inbox.overflow().contains("more than the 100000 bytes"), inbox::overflow);
        assertThrows(IOException.class, () -> inbox.write(new byte[1], 0, 1));
        byte[] buffer = new byte[100_000];
        int total = 0;
        for (int n; (n = inbox.read(buffer, 0, buffer.length, 1000)) >= 0; ) {
            total += n;
        }
        assertEquals(60_000, total);
    }

    @Test
    void aWaitForNothingEndsAtItsTimeOut() {
        Inbox inbox = new Inbox(1000);
        long started = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                () -> inbox.read(new byte[10], 0, 10, 200));
        assertTrue(System.nanoTime() - started >= 200_000_000L);
        assertTrue(e.getMessage().contains("200 ms"), e::getMessage);
    }
}
