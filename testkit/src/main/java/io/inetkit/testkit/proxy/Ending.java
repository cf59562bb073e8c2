package io.inetkit.testkit.proxy;

/** How a direction stops after its byte budget: the one fault per direction that ends the flow. */
record Ending(Kind kind, long afterBytes) {

    enum Kind {
        /** Forward until the source ends. */
        NONE,
        /** Close both sides with FIN. */
        CUT,
        /** Close both sides with RST. */
        RESET,
        /** Shut down output towards the receiving side, keep reading the sending side. */
        HALF_CLOSE,
        /** Stop reading and writing, keep the connection open. */
        STALL
    }

    static final Ending NONE = new Ending(Kind.NONE, Long.MAX_VALUE);

    Ending {
        if (afterBytes < 0) {
            throw new IllegalArgumentException("byte count must not be negative: " + afterBytes);
        }
    }
}
