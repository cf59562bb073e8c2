package io.inetkit.testing;

import io.inetkit.InternetStatus;
import io.inetkit.StatusEvent;
import io.inetkit.StatusListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A status listener that keeps every event. */
public final class Recorder implements StatusListener {

    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onStatus(StatusEvent event) {
        events.add(event);
    }

    public List<StatusEvent> events() {
        return List.copyOf(events);
    }

    public List<InternetStatus> statuses() {
        return events.stream().map(StatusEvent::status).collect(Collectors.toList());
    }

    /** The statuses of the events whose context is this one. */
    public List<InternetStatus> statusesFor(Object context) {
        return events.stream().filter(e -> e.context().orElse(null) == context)
                .map(StatusEvent::status).collect(Collectors.toList());
    }
}
