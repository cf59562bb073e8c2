package io.inetkit.testkit.conformance.tiny;

import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.Session;

/** A session of the tiny line protocol the kit's own tests use: a line sent, the line upper-cased back. */
public interface TinySession extends Session {

    /** The service: an id no real provider has. */
    Service<TinySession> SERVICE = Service.of(4242, "tiny", TinySession.class);

    /** Sends a line, returns the server's answer. Connects on first use. */
    String ask(String line) throws InternetException;
}
