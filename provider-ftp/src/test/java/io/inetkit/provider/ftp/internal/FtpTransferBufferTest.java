package io.inetkit.provider.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The size of the direct buffer that {@code get} and {@code put} copy a file through, and what a
 * transfer does when direct memory is full. Direct memory is limited per JVM (by default to the
 * heap's maximum), and 64 connections of 1 MiB fill it under {@code -Xmx64m}: the allocation then
 * fails with an {@link OutOfMemoryError}, which must not reach the caller.
 */
class FtpTransferBufferTest {

    private static final IntFunction<ByteBuffer> FULL = n -> {
        throw new OutOfMemoryError("Cannot reserve " + n + " bytes of direct buffer memory");
    };

    @Test
    void theBufferIsTheFilesSizeRoundedUpBetween16KiBAnd1MiB() {
        assertEquals(16 * 1024, FtpConnection.bufferSize(0));
        assertEquals(16 * 1024, FtpConnection.bufferSize(4096));
        assertEquals(16 * 1024, FtpConnection.bufferSize(16 * 1024));
        assertEquals(32 * 1024, FtpConnection.bufferSize(16 * 1024 + 1));
        assertEquals(128 * 1024, FtpConnection.bufferSize(100_000));
        assertEquals(1024 * 1024, FtpConnection.bufferSize(1024 * 1024));
        assertEquals(1024 * 1024, FtpConnection.bufferSize(512L * 1024 * 1024 * 1024));
        assertEquals(1024 * 1024, FtpConnection.bufferSize(-1), "no SIZE: the largest");
    }

    @Test
    void pastTheBudgetAConnectionGetsASmallBuffer() {
        int mib = 1024 * 1024;
        long budget = 16L * mib;
        assertEquals(mib, FtpConnection.budgeted(mib, 0, 15L * mib, budget), "the sixteenth fits");
        assertEquals(FtpConnection.SMALL_BUFFER, FtpConnection.budgeted(mib, 0, 16L * mib, budget));
        assertEquals(256 * 1024, FtpConnection.budgeted(mib, 256 * 1024, 16L * mib, budget), "keeps what it holds");
        assertEquals(mib, FtpConnection.budgeted(mib, 512 * 1024, budget - 512 * 1024, budget), "growing within the budget");
        assertEquals(16 * 1024, FtpConnection.budgeted(16 * 1024, 0, 100L * mib, budget), "small ones always");
    }

    @Test
    void aBufferLargeEnoughIsKeptAndASmallerOneGrown() {
        ByteBuffer current = ByteBuffer.allocateDirect(64 * 1024);
        assertSame(current, FtpConnection.transferBuffer(current, 16 * 1024, FULL));
        ByteBuffer grown = FtpConnection.transferBuffer(current, 1024 * 1024, ByteBuffer::allocateDirect);
        assertTrue(grown.isDirect());
        assertEquals(1024 * 1024, grown.capacity());
    }

    @Test
    void withDirectMemoryFullTheConnectionsSmallerBufferServes() {
        ByteBuffer current = ByteBuffer.allocateDirect(16 * 1024);
        assertSame(current, FtpConnection.transferBuffer(current, 1024 * 1024, FULL));
    }

    @Test
    void withDirectMemoryFullAndNoBufferASmallHeapBufferServes() {
        ByteBuffer fallback = FtpConnection.transferBuffer(null, 1024 * 1024, FULL);
        assertFalse(fallback.isDirect());
        assertEquals(FtpConnection.SMALL_BUFFER, fallback.capacity());
        assertEquals(16 * 1024, FtpConnection.transferBuffer(null, 16 * 1024, FULL).capacity());
    }
}
