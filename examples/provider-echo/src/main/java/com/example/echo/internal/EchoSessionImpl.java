package com.example.echo.internal;

import com.example.echo.EchoSession;
import io.inetkit.InternetException;
import io.inetkit.spi.AbstractSession;
import io.inetkit.spi.SessionSupport;
import java.util.Optional;

/** An Echo session handle. */
final class EchoSessionImpl extends AbstractSession implements EchoSession {

    private final EchoConnection connection;
    private volatile String last;

    EchoSessionImpl(SessionSupport support, EchoConnection connection) {
        super(support);
        this.connection = connection;
    }

    @Override
    public String echo(String text) throws InternetException {
        ensureOpen();
        last = connection.roundTrip(text, status());
        return last;
    }

    @Override
    public Optional<String> lastResponse() {
        return Optional.ofNullable(last);
    }
}
