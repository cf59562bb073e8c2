package io.inetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A connection's buffer handed out to its transfers: one kept, the largest, grown on demand; one
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
}
