package io.inetkit.testkit.ftp;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds the threads MINA and MINA FtpServer make, by the names they give them. */
final class MinaThreads {

    // NioSocketAcceptor-N and NioProcessor-N are MINA's; the FTP command pool uses the JDK's
    // default factory (pool-N-thread-M).
    private static final Pattern NAMES = Pattern.compile("NioSocketAcceptor-\\d+|NioProcessor-\\d+|pool-\\d+-thread-\\d+");

    private MinaThreads() {
    }

    static long count() {
        return names().size();
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
