package io.inetkit.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command's manual page in man(7) roff, made from the same picocli models as {@code --help},
 * so that an option has one description and the page cannot fall behind the command.
 */
final class ManPage {

    private final StringBuilder page = new StringBuilder();

    private ManPage() {
    }

    /** The page of {@code root} and its subcommands, for {@code version}, dated {@code date} (YYYY-MM-DD). */
    static String of(CommandLine root, String version, String date) {
        ManPage man = new ManPage();
        man.render(root, version, date);
        return man.page.toString();
    }

    private void render(CommandLine root, String version, String date) {
        CommandSpec spec = root.getCommandSpec();
        String name = spec.name();
        line(".TH " + name.toUpperCase(Locale.ROOT) + " 1 \"" + date + "\" \"" + name + " " + text(version)
                + "\" \"User Commands\"");
        section("NAME");
        line(name + " \\- " + text(String.join(" ", spec.usageMessage().description())));
        section("SYNOPSIS");
        line("\\fB" + name + "\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]");
        section("DESCRIPTION");
        line(text("Fetches, lists and uploads by URL over FTP, FTPS, HTTP, HTTPS, Gopher and any protocol whose"
                + " provider the image holds; where curl has an option or an exit status for the same thing, "
                + name + " uses curl's spelling and meaning. Run '" + name + " services' for the protocols"
                + " of this image."));
        section("COMMANDS");
        for (CommandLine sub : root.getSubcommands().values()) {
            command(name, sub.getCommandSpec());
        }
        section("EXIT STATUS");
        line(text("0 on success; otherwise curl's number for the same failure. The error line on standard"
                + " error names the WinINet error and its code: '" + name + ": ERROR_NAME (code): message'."));
        for (ExitStatus.Meaning meaning : ExitStatus.MEANINGS) {
            line(".TP");
            line("\\fB" + meaning.status() + "\\fR");
            line(text(meaning.text()));
        }
        section("ENVIRONMENT");
        environment("http_proxy, https_proxy, HTTPS_PROXY, ALL_PROXY, all_proxy, NO_PROXY, no_proxy",
                "The proxy for a scheme (ALL_PROXY for the others) and the hosts that bypass it, as curl reads"
                        + " them (curl reads no HTTP_PROXY); -x and --noproxy win.");
        environment("CURL_CA_BUNDLE, SSL_CERT_FILE, SSL_CERT_DIR",
                "The CA certificates to trust for TLS, as curl reads them; --cacert and --capath win.");
        environment(CacheOptions.ENVIRONMENT, "The folder of the HTTP cache when --cache does not name one.");
        section("SEE ALSO");
        line("\\fBcurl\\fR(1)");
    }

    private void command(String root, CommandSpec spec) {
        line(".SS " + spec.name());
        StringBuilder synopsis = new StringBuilder("\\fB" + root + " " + spec.name() + "\\fR [\\fIOPTIONS\\fR]");
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            synopsis.append(' ').append("\\fI").append(text(parameter.paramLabel())).append("\\fR");
        }
        line(synopsis.toString());
        line(".PP");
        line(text(String.join(" ", spec.usageMessage().description())));
        List<PositionalParamSpec> parameters = spec.positionalParameters();
        for (PositionalParamSpec parameter : parameters) {
            line(".TP");
            line("\\fI" + text(parameter.paramLabel()) + "\\fR");
            line(text(String.join(" ", parameter.description())));
        }
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            line(".TP");
            line(optionNames(option));
            line(text(String.join(" ", option.description())));
        }
    }

    /** {@code \fB-o\fR, \fB--output\fR=\fIFILE\fR}: the names in bold, the value's label in italics. */
    private static String optionNames(OptionSpec option) {
        StringBuilder names = new StringBuilder();
        for (String name : option.names()) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append("\\fB").append(text(name)).append("\\fR");
        }
        if (option.arity().max() > 0) {
            names.append(' ').append("\\fI").append(text(option.paramLabel())).append("\\fR");
        }
        return names.toString();
    }

    private void environment(String names, String meaning) {
        line(".TP");
        line("\\fB" + text(names) + "\\fR");
        line(text(meaning));
    }

    private void section(String title) {
        line(".SH " + title);
    }

    private void line(String line) {
        page.append(line).append('\n');
    }

    /**
     * Text as roff prints it: a backslash escaped, a hyphen as a minus (so that options can be
     * copied), and a line that would start with a control character ({@code .} or {@code '}) guarded.
     */
    static String text(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-").replace("\n", " ");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
