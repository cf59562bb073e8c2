package io.inetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * QuickParse against picocli, line by line: what it binds, picocli binds to the same values; what
 * it must leave to picocli (help, usage errors, the forms it does not read), it declines.
 */
class QuickParseTest {

    /** Lines QuickParse must take, so that the usual command lines start without picocli. */
    private static final String[][] TAKEN = {
        {"services"},
        {"demo"},
        {"get", "http://h/"},
        {"get", "--timeout", "5", "-o", "out.bin", "http://h/x"},
        {"get", "--timeout=7", "--output=dir/o", "ftp://h/x"},
        {"get", "ftp://h/x", "-k", "-v", "--active", "--ftp-ssl", "--passive", "-u", "joe:pw", "-x", "http://p:1",
            "--noproxy", "a,b"},
        {"get", "--user=", "--proxy=socks5h://u:p@p:1080", "gopher://h/"},
        {"get", "--user=a=b", "http://h/"},
        {"ls", "--timeout", "+9", "ftp://h/"},
        {"ls", "--verbose", "--insecure", "gophers://h/1/"},
        {"put", "file.txt", "ftp://h/dir/"},
        {"put", "--timeout", "10", "a b.txt", "http://h/", "-x", "http://p:3128"},
        {"put", "", ""},
        {"get", "--max-time", "2.5", "http://h/"},
        {"get", "-m", "3", "-o", "f", "http://h/"},
        {"ls", "--max-time=0.25", "ftp://h/"},
        {"put", "-m", "1e3", "f", "ftp://h/"},
    };

    /** Lines QuickParse must leave to picocli, whether picocli takes them or not. */
    private static final String[][] DECLINED = {
        {"get", "http://h/a", "http://h/b"},
        {"get", "--timeout"},
        {"get", "http://a/", "http://b/"},
        {"get", "-h"},
        {"get", "--help", "http://h/"},
        {"services", "-V"},
        {"services", "extra"},
        {"get", "-kv", "http://h/"},
        {"get", "--", "http://h/"},
        {"get", "@args.txt"},
        {"get", "--timeout", "x", "http://h/"},
        {"get", "--timeout", "99999999999999999999", "http://h/"},
        {"get", "--timeout", "5", "--timeout", "6", "http://h/"},
        {"get", "-k", "-k", "http://h/"},
        {"get", "-o", "-", "http://h/"},
        {"get", "-o", "-x", "http://h/"},
        {"get", "-ofile", "http://h/"},
        {"get", "-o=file", "http://h/"},
        {"get", "--insecure=true", "http://h/"},
        {"get", "--time", "5", "http://h/"},
        {"get", "--unknown", "http://h/"},
        {"get", "-", "http://h/"},
        {"ls", "-x", "@proxy.txt", "ftp://h/"},
        {"put", "only-a-file"},
        {"put", "a\u0000b", "ftp://h/"},
    };

    @Test
    void takesTheUsualLinesAndBindsWhatPicocliBinds() {
        for (String[] line : TAKEN) {
            CliCommand quick = Main.command(line[0]);
            assertTrue(QuickParse.bind(quick.arguments(), line, 1), () -> "declined " + Arrays.toString(line));
            CliCommand parsed = Main.command(line[0]);
            assertTrue(picocliTakes(parsed, line), () -> "picocli refused " + Arrays.toString(line));
            assertEquals(values(parsed), values(quick), () -> Arrays.toString(line));
        }
    }

    @Test
    void leavesHelpUsageErrorsAndUnusualFormsToPicocli() {
        for (String[] line : DECLINED) {
            assertFalse(QuickParse.bind(Main.command(line[0]).arguments(), line, 1),
                    () -> "took " + Arrays.toString(line));
        }
    }

    @Test
    void appliesTheDefaultValuesPicocliApplies() {
        GetCommand quick = (GetCommand) Main.command("get");
        assertTrue(QuickParse.bind(quick.arguments(), new String[] {"get", "http://h/"}, 1));
        assertEquals("30", String.valueOf(values(quick).get("--timeout")));
    }

    /**
     * Random lines from the pieces command lines are made of, seeded: whatever QuickParse takes,
     * picocli takes too and binds to the same values. Catches a form the fixed lines above miss.
     */
    @Test
    void randomLinesItTakesPicocliBindsAlike() {
        String[] commands = {"get", "ls", "put", "services"};
        String[] pieces = {"-u", "--user", "--timeout", "--active", "--passive", "--ftp-ssl", "-k", "--insecure",
            "-x", "--proxy", "--noproxy", "-v", "--verbose", "-o", "--output", "-h", "-V", "--", "-kv", "-",
            "--timeout=5", "--timeout=", "--user=", "--user=a=b", "--output=f", "--insecure=true", "-o=f",
            "-m", "--max-time", "--max-time=2.5", "2.5", "1e3", "NaN", ".5",
            "5", "-5", "+7", "0x10", "x", "", "a b", "@f", "file.txt", "http://h/", "ftp://h/d/", "gopher://h/1/"};
        java.util.Random random = new java.util.Random(20261126);
        int taken = 0;
        for (int n = 0; n < 5_000; n++) {
            String[] line = new String[1 + random.nextInt(7)];
            line[0] = commands[random.nextInt(commands.length)];
            for (int i = 1; i < line.length; i++) {
                line[i] = pieces[random.nextInt(pieces.length)];
            }
            CliCommand quick = Main.command(line[0]);
            if (!QuickParse.bind(quick.arguments(), line, 1)) {
                continue;
            }
            taken++;
            CliCommand parsed = Main.command(line[0]);
            assertTrue(picocliTakes(parsed, line), () -> "picocli refused " + Arrays.toString(line));
            assertEquals(values(parsed), values(quick), () -> Arrays.toString(line));
        }
        assertTrue(taken > 200, "QuickParse took only " + taken + " of 5000 random lines");
    }

    /** picocli's parse of the line into the command; false for a usage error or a help request. */
    private static boolean picocliTakes(CliCommand command, String[] line) {
        CommandLine commandLine = new CommandLine(CommandModel.spec(command));
        try {
            ParseResult parsed = commandLine.parseArgs(Arrays.copyOfRange(line, 1, line.length));
            return !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested();
        } catch (ParameterException e) {
            return false;
        }
    }

    /** Every argument's value, read through its binding to the command's fields. */
    private static Map<String, Object> values(CliCommand command) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<ArgSpec> arguments = command.arguments();
        for (ArgSpec argument : arguments) {
            String key = argument instanceof OptionSpec option ? option.longestName()
                    : "#" + ((PositionalParamSpec) argument).index();
            values.put(key, argument.getValue());
        }
        return values;
    }
}
