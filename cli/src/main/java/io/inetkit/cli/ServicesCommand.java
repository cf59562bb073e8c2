package io.inetkit.cli;

import io.inetkit.ProviderRegistry;
import io.inetkit.ServiceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code inetkit services}: the installed providers, one a line. */
final class ServicesCommand implements Callable<Integer> {

    private CommandSpec spec;

    private ServicesCommand() {
    }

    /** The command's model. */
    static CommandSpec spec() {
        ServicesCommand command = new ServicesCommand();
        command.spec = CommandModel.command(command, "services",
                "List the installed providers: service id, name, default port, URL schemes, module.");
        return command.spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ServiceInfo> services = ProviderRegistry.load().services();
        out.printf("%-4s %-8s %-6s %-16s %s%n", "ID", "SERVICE", "PORT", "SCHEMES", "MODULE");
        for (ServiceInfo info : services) {
            // Ids and ports as plain digits (%s, not %d): a port is not a localised number, and %d
            // loads the number formats of the locale, some 80 classes at every start (BENCHMARKS.md).
            out.printf("%-4s %-8s %-6s %-16s %s%n", Integer.toString(info.service().id()), info.service().name(),
                    Integer.toString(info.defaultPort()), String.join(",", info.schemes()), info.module());
        }
        if (services.isEmpty()) {
            spec.commandLine().getErr().println("inetkit: no providers are installed in this image");
        }
        out.flush();
        return 0;
    }
}
