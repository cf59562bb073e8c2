package io.inetkit.cli;

import io.inetkit.Internet;
import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Session;
import io.inetkit.gopher.GopherAttributes;
import io.inetkit.gopher.GopherSession;
import io.inetkit.gopher.GopherUrl;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code inetkit info gopher://…}: an item's Gopher+ attributes ({@code +INFO}, {@code +ADMIN},
 * {@code +VIEWS}, {@code +ABSTRACT}…), printed in Gopher+'s own layout, a block's name then its
 * lines indented by one space. Every line is the server's text, printed through {@link TerminalText}.
 */
final class InfoCommand extends CliCommand {

    private final ConnectionOptions connection = new ConnectionOptions();
    private String url;

    InfoCommand() {
        super("info", "Print a Gopher+ item's attributes: its menu line, administrator, views (for get --view)"
                + " and abstract.");
    }

    @Override
    List<ArgSpec> arguments() {
        List<ArgSpec> arguments = new ArrayList<>();
        connection.addTo(arguments);
        arguments.add(CommandModel.parameter(0, this, "url")
                .paramLabel("URL").description("A gopher:// or gophers:// item.").build());
        return arguments;
    }

    @Override
    boolean verbose() {
        return connection.verbose;
    }

    @Override
    boolean showsErrors() {
        return connection.silent.showsErrors();
    }

    @Override
    public Integer call() throws IOException {
        URI uri = connection.withUser(UrlTarget.parse(url), err);
        try (Internet internet = connection.internet(uri.getScheme(), err, stop);
             Session session = UrlTarget.connect(internet, uri, connection.flags(internet, uri), connection.ssh)) {
            if (!(session instanceof GopherSession gopher)) {
                throw new InternetException(InternetError.INVALID_OPERATION, "info prints Gopher+ attributes; "
                        + uri.getScheme() + ": URLs have none (use inetkit ls or get)");
            }
            GopherAttributes attributes = gopher.attributes(GopherUrl.parse(uri.toString()).selector());
            for (String line : lines(attributes)) {
                out.println(line);
            }
        }
        out.flush();
        return 0;
    }

    /** The attributes as Gopher+ lays them out, each line printable. */
    static List<String> lines(GopherAttributes attributes) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> block : attributes.blocks().entrySet()) {
            String[] text = block.getValue().split("\n", -1);
            if (block.getKey().equals("+INFO") && text.length == 1) {
                // A menu line: its fields stay apart by TABs, each one printable.
                lines.add("+INFO: " + String.join("\t", Arrays.stream(text[0].split("\t", -1))
                        .map(TerminalText::field).toList()));
                continue;
            }
            lines.add(TerminalText.line(block.getKey()) + ":");
            for (String line : text) {
                if (!line.isEmpty()) {
                    lines.add(" " + TerminalText.line(line));
                }
            }
        }
        return lines;
    }
}
