package io.inetkit.testkit.proxy;

/**
 * Which way bytes flow through a {@link FaultProxy}.
 *
 * <pre>{@code
 * proxy.fault(Fault.cutAfter(Direction.DOWNSTREAM, 100)); // the client gets 100 bytes, then EOF
 * }</pre>
 */
public enum Direction {
    /** From the client to the target server. */
    UPSTREAM,
    /** From the target server back to the client. */
    DOWNSTREAM
}
