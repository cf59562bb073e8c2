package io.inetkit.cli;

import io.inetkit.ServiceInfo;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/** {@code inetkit services}: the installed providers, one a line. */
final class ServicesCommand extends CliCommand {

    ServicesCommand() {
        super("services", "List the installed providers: service id, name, default port, URL schemes, module.");
    }

    @Override
    List<ArgSpec> arguments() {
        return List.of();
    }

    @Override
    public Integer call() {
        List<ServiceInfo> services = Providers.registry().services();
        out.println(line("ID", "SERVICE", "PORT", "SCHEMES", "MODULE"));
        for (ServiceInfo info : services) {
            out.println(line(Integer.toString(info.service().id()), info.service().name(),
                    Integer.toString(info.defaultPort()), String.join(",", info.schemes()), info.module()));
        }
        if (services.isEmpty()) {
            err.println("inetkit: no providers are installed in this image");
        }
        out.flush();
        return 0;
    }

    /**
     * The columns as {@code "%-4s %-8s %-6s %-16s %s"} would lay them out. Padded by hand: a
     * Formatter costs a millisecond to start, and {@code %d} would load the locale's number formats,
     * neither of which a command that runs for a few milliseconds should pay.
     */
    private static String line(String id, String service, String port, String schemes, String module) {
        StringBuilder line = new StringBuilder(64);
        pad(line, id, 4);
        pad(line, service, 8);
        pad(line, port, 6);
        pad(line, schemes, 16);
        return line.append(module).toString();
    }

    private static void pad(StringBuilder line, String text, int width) {
        line.append(text);
        for (int i = text.length(); i < width; i++) {
            line.append(' ');
        }
        line.append(' ');
    }
}
