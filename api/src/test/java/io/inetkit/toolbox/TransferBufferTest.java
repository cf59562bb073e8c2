package io.inetkit.toolbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Its size: the file's, rounded up between 16 KiB and 1 MiB, and small past the JVM-wide budget.
 * What a transfer does when direct memory is full: direct memory is limited per JVM (by default
 * to the heap's maximum), and 64 connections of 1 MiB fill it under {@code -Xmx64m}; the
 * allocation then fails with an {@link OutOfMemoryError}, which must not reach the caller. And a
 * connection's buffer handed out to its transfers: one kept, the largest, grown on demand; one
 * more for a transfer that runs while another holds it; every direct byte counted while a
 * connection holds or uses it, and no longer once it is let go.
 */
class TransferBufferTest {

    @Test
    void keepsOneBufferAndGrowsItOnDemand() {
        long before = TransferBuffer.held();
        TransferBuffer buffers = new TransferBuffer();
        ByteBuffer small = buffers.acquire(4096);
        assertTrue(small.isDirect());
        assertEquals(TransferBuffer.MIN_SIZE, small.capacity());
        buffers.release(small);
        assertSame(small, buffers.acquire(1000), "reused");
        buffers.release(small);
        ByteBuffer big = buffers.acquire(-1);
        assertEquals(TransferBuffer.MAX_SIZE, big.capacity());
        buffers.release(big);
        assertEquals(before + TransferBuffer.MAX_SIZE, TransferBuffer.held(), "the smaller one let go");
        assertEquals(TransferBuffer.MAX_SIZE, buffers.keptCapacity());
        buffers.close();
        assertEquals(before, TransferBuffer.held());
        assertEquals(0, buffers.keptCapacity());
    }

    @Test
    void aTransferWhileAnotherHoldsTheBufferGetsItsOwnAndTheLargerIsKept() {
        long before = TransferBuffer.held();
        TransferBuffer buffers = new TransferBuffer();
        ByteBuffer first = buffers.acquire(4096);
        ByteBuffer second = buffers.acquire(-1);
        assertNotSame(first, second);
        assertEquals(before + TransferBuffer.MIN_SIZE + TransferBuffer.MAX_SIZE, TransferBuffer.held());
        buffers.release(first);
        buffers.release(second);
        assertEquals(TransferBuffer.MAX_SIZE, buffers.keptCapacity(), "the larger is kept");
        assertEquals(before + TransferBuffer.MAX_SIZE, TransferBuffer.held(), "the other let go");
        buffers.close();
        assertEquals(before, TransferBuffer.held());
    }

    @Test
    void aBufferGivenBackAfterTheCloseIsLetGo() {
        long before = TransferBuffer.held();
        TransferBuffer buffers = new TransferBuffer();
        ByteBuffer inUse = buffers.acquire(-1);
        buffers.close();
        assertEquals(before + TransferBuffer.MAX_SIZE, TransferBuffer.held(), "in use: still counted");
        buffers.release(inUse);
        assertEquals(before, TransferBuffer.held());
        assertEquals(0, buffers.keptCapacity());
    }

    @Test
    void aHeapFallbackIsNeitherCountedNorKept() {
        ByteBuffer heap = TransferBuffer.allocate(null, TransferBuffer.MAX_SIZE, size -> {
            throw new OutOfMemoryError("Cannot reserve " + size + " bytes of direct buffer memory");
        });
        assertFalse(heap.isDirect());
        assertEquals(TransferBuffer.SMALL_SIZE, heap.capacity());
        long before = TransferBuffer.held();
        TransferBuffer buffers = new TransferBuffer();
        buffers.release(heap);
        assertEquals(0, buffers.keptCapacity());
        assertEquals(before, TransferBuffer.held());
    }

    // The sizes, the budget and a full direct memory (the FTP get/put buffer, where these were first written).

    private static final IntFunction<ByteBuffer> FULL = n -> {
        throw new OutOfMemoryError("Cannot reserve " + n + " bytes of direct buffer memory");
    };

    @Test
    void theBufferIsTheFilesSizeRoundedUpBetween16KiBAnd1MiB() {
        assertEquals(16 * 1024, TransferBuffer.size(0));
        assertEquals(16 * 1024, TransferBuffer.size(4096));
        assertEquals(16 * 1024, TransferBuffer.size(16 * 1024));
        assertEquals(32 * 1024, TransferBuffer.size(16 * 1024 + 1));
        assertEquals(128 * 1024, TransferBuffer.size(100_000));
        assertEquals(1024 * 1024, TransferBuffer.size(1024 * 1024));
        assertEquals(1024 * 1024, TransferBuffer.size(512L * 1024 * 1024 * 1024));
        assertEquals(1024 * 1024, TransferBuffer.size(-1), "no SIZE: the largest");
    }

    @Test
    void pastTheBudgetAConnectionGetsASmallBuffer() {
        int mib = 1024 * 1024;
        long budget = 16L * mib;
        assertEquals(mib, TransferBuffer.budgeted(mib, 0, 15L * mib, budget), "the sixteenth fits");
        assertEquals(TransferBuffer.SMALL_SIZE, TransferBuffer.budgeted(mib, 0, 16L * mib, budget));
        assertEquals(256 * 1024, TransferBuffer.budgeted(mib, 256 * 1024, 16L * mib, budget), "keeps what it holds");
        assertEquals(mib, TransferBuffer.budgeted(mib, 512 * 1024, budget - 512 * 1024, budget), "growing within the budget");
        assertEquals(16 * 1024, TransferBuffer.budgeted(16 * 1024, 0, 100L * mib, budget), "small ones always");
    }

    @Test
    void aBufferLargeEnoughIsKeptAndASmallerOneGrown() {
        ByteBuffer current = ByteBuffer.allocateDirect(64 * 1024);
        assertSame(current, TransferBuffer.allocate(current, 16 * 1024, FULL));
        ByteBuffer grown = TransferBuffer.allocate(current, 1024 * 1024, ByteBuffer::allocateDirect);
        assertTrue(grown.isDirect());
        assertEquals(1024 * 1024, grown.capacity());
    }

    @Test
    void withDirectMemoryFullTheConnectionsSmallerBufferServes() {
        ByteBuffer current = ByteBuffer.allocateDirect(16 * 1024);
        assertSame(current, TransferBuffer.allocate(current, 1024 * 1024, FULL));
    }

    @Test
    void withDirectMemoryFullAndNoBufferASmallHeapBufferServes() {
        ByteBuffer fallback = TransferBuffer.allocate(null, 1024 * 1024, FULL);
        assertFalse(fallback.isDirect());
        assertEquals(TransferBuffer.SMALL_SIZE, fallback.capacity());
        assertEquals(16 * 1024, TransferBuffer.allocate(null, 16 * 1024, FULL).capacity());
    }
}
