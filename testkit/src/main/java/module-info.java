/**
 * Real servers in-process for tests — FTP, HTTP, Gopher and SFTP — a fault-injecting TCP proxy, and
 * scripted raw-socket servers for hostile replies, as JUnit 5 extensions. Published, so that applications test their own code against them.
 *
 * <h2>FTP and Apache MINA on the module path and the class path</h2>
 *
 * <p>{@link io.inetkit.testkit.ftp.TestFtpServer} runs Apache MINA FtpServer 1.2.1. Its jars
 * ({@code ftpserver-core}, {@code ftplet-api}) and MINA's ({@code mina-core} 2.2.4) carry neither
 * a {@code module-info} nor an {@code Automatic-Module-Name}, so on the module path they are
 * automatic modules named by the JDK after their file names: {@code ftpserver.core},
 * {@code ftplet.api} and {@code mina.core}. This module {@code requires} the first two (not
 * {@code static}: the FTP server needs them at run time); {@code mina.core} is resolved with them,
 * because resolving one automatic module resolves every automatic module on the module path.
 * Put the jars on the module path under their Maven file names ({@code ftpserver-core-1.2.1.jar}
 * and so on); a renamed jar gets another module name and testkit will not resolve. Maven and
 * Gradle keep the names.
 *
 * <p>{@link io.inetkit.testkit.sftp.TestSftpServer} runs Apache MINA SSHD 2.20.1. Its
 * {@code sshd-common} and {@code sshd-core} jars split packages, which the module system refuses,
 * so testkit takes {@code sshd-osgi}, the two in one jar ({@code org.apache.sshd.osgi}), with
 * {@code sshd-sftp} ({@code org.apache.sshd.sftp}) and {@code eddsa} ({@code net.i2p.crypto.eddsa},
 * Ed25519 for the server's key checks); all three name their automatic modules in their manifests.
 * Keep {@code sshd-common} and {@code sshd-core} off the module path.
 *
 * <p>On the class path nothing special is needed: every jar lands in the unnamed module.
 *
 * <p>MINA FtpServer logs through SLF4J. It logs every FTP command at INFO; set
 * {@code org.apache.ftpserver} to WARN to quiet it. Passwords appear masked ({@code PASS *****}).
 */
module io.inetkit.testkit {
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;

    exports io.inetkit.testkit;
    exports io.inetkit.testkit.tls;
    exports io.inetkit.testkit.daemon;
    exports io.inetkit.testkit.gopher;
    exports io.inetkit.testkit.proxy;
    exports io.inetkit.testkit.leak;
    exports io.inetkit.testkit.corpus;
    exports io.inetkit.testkit.script;

    // JUnit instantiates the extension reflectively.
    opens io.inetkit.testkit.internal to org.junit.platform.commons;

    // FTP: Apache MINA FtpServer. Its jars have no module-info and no Automatic-Module-Name, so
    // these are the names the JDK derives from the Maven file names (ftpserver-core-1.2.1.jar,
    // ftplet-api-1.2.1.jar); mina-core-2.2.4.jar (mina.core) comes along as an automatic module.
    requires ftpserver.core;
    requires ftplet.api;
    exports io.inetkit.testkit.ftp;

    // SFTP: Apache MINA SSHD, automatic modules. sshd-osgi is sshd-common and sshd-core in one jar,
    // because those two split packages and the module system refuses split packages.
    requires org.apache.sshd.osgi;
    requires org.apache.sshd.sftp;
    exports io.inetkit.testkit.sftp;

    // HTTP: the JDK's own server.
    requires jdk.httpserver;
    exports io.inetkit.testkit.http;
}
