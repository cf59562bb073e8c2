/**
 * The {@code inetkit} command: lists the installed services and, as their providers land, gets,
 * lists and puts resources by URL. It links the providers at run time through the API's
 * {@link java.util.ServiceLoader}, so its jlink image holds exactly the providers chosen at build
 * time.
 */
module io.inetkit.cli {
    requires io.inetkit;
    requires info.picocli;
    requires org.slf4j;
    // sun.misc.Signal: SIGINT and SIGTERM stop a command cleanly, with their own exit status (Signals).
    requires jdk.unsupported;
    // Logback is the logging back end of the command only; libraries log through SLF4J alone.
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;

    // Logback is set up in code, not from logback.xml: Joran's XML parsing was a large part of the
    // start-up time of every command.
    provides ch.qos.logback.classic.spi.Configurator with io.inetkit.cli.LogSetup;

    // Not an API: the launcher's entry point, exported so that the JVM resolves this module without
    // -m and can use the module graph of its class-data sharing archive (io.inetkit.cli.launch.Launch).
    exports io.inetkit.cli.launch;

    // SLF4J makes the image's binding, LazyLogback, by reflection from the slf4j.provider property.
    // picocli needs no access: the commands build their models in code (CommandModel).
    opens io.inetkit.cli to org.slf4j;
}
