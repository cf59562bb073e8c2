/**
 * Real servers in-process for tests — FTP, HTTP and Gopher — and a fault-injecting TCP proxy, as
 * JUnit 5 extensions. Published, so that applications test their own code against them.
 */
module io.inetkit.testkit {
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;

    exports io.inetkit.testkit;
    exports io.inetkit.testkit.tls;
    exports io.inetkit.testkit.gopher;
    exports io.inetkit.testkit.proxy;

    // JUnit instantiates the extension reflectively.
    opens io.inetkit.testkit.internal to org.junit.platform.commons;
}
