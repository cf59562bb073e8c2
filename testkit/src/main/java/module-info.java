/**
 * Real servers in-process for tests — FTP, HTTP and Gopher — and a fault-injecting TCP proxy, as
 * JUnit 5 extensions. Published, so that applications test their own code against them.
 */
module io.inetkit.testkit {
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;

    exports io.inetkit.testkit;
    exports io.inetkit.testkit.tls;

    // JUnit instantiates the extension reflectively.
    opens io.inetkit.testkit.internal to org.junit.platform.commons;

    // FTP: Apache MINA FtpServer. Its jars have no module-info and no Automatic-Module-Name, so
    // these are the names the JDK derives from the Maven file names (ftpserver-core-1.2.1.jar,
    // ftplet-api-1.2.1.jar); mina-core-2.2.4.jar (mina.core) comes along as an automatic module.
    requires ftpserver.core;
    requires ftplet.api;
    exports io.inetkit.testkit.ftp;

    // HTTP: the JDK's own server.
    requires jdk.httpserver;
    exports io.inetkit.testkit.http;
}
