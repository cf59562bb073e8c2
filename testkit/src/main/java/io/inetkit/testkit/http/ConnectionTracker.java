package io.inetkit.testkit.http;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers connections and the requests on each. The JDK server does not expose its
 * connections, but a client's address and port stay the same for the life of a connection and
 * differ between connections open at the same time, which is what keep-alive checks need.
 */
final class ConnectionTracker {

    /** A connection's number and the number of a request on it. */
    record Position(int connection, int request) {
    }

    private final Map<InetSocketAddress, int[]> seen = new HashMap<>();

    synchronized Position next(InetSocketAddress client) {
        int[] state = seen.get(client);
        if (state == null) {
            state = new int[] {seen.size(), 0};
            seen.put(client, state);
        }
        return new Position(state[0], state[1]++);
    }
}
