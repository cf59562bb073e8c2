package io.inetkit.testing;

import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;
import java.io.Closeable;

/** The session of the test protocol: send a line, get a line. */
public interface LineSession extends Session {

    /** The test service; id 9001 is no one's. */
    Service<LineSession> SERVICE = Service.of(9001, "line", LineSession.class);

    /** Sends a line and returns the server's reply. */
    String send(String line) throws InternetException;

    /** Opens a child resource that the session must close with itself. */
    Closeable openChild() throws InternetException;
}
