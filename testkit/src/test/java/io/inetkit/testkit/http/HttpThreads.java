package io.inetkit.testkit.http;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds the threads a JDK HTTP server and testkit's handlers run on, by name. */
final class HttpThreads {

    private static final Pattern NAMES = Pattern.compile("HTTP-Dispatcher|idle-timeout-task|req-rsp-timeout-task|inetkit-http-\\d+-worker-\\d+");

    private HttpThreads() {
    }

    static List<String> names() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> NAMES.matcher(name).matches())
                .sorted()
                .collect(Collectors.toList());
    }
}
