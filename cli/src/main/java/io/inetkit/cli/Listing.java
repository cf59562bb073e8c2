package io.inetkit.cli;

import io.inetkit.Ports;
import io.inetkit.ftp.FtpEntry;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherUrl;
import io.inetkit.sftp.SftpEntry;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lines of {@code inetkit ls}: one entry a line, the name last so that names with spaces stay
 * whole; what the server did not tell is a {@code -}. Every field the server wrote is made
 * printable by {@link TerminalText#field}: its controls, TABs and backslashes escaped, so that a
 * name can neither act on the terminal nor split a line or a Gopher line's fields.
 */
final class Listing {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private Listing() {
    }

    /** {@code d rwxr-xr-x        4096 2026-11-25 21:00 name}: type, permissions, size, UTC time, name. */
    static String ftp(FtpEntry entry) {
        char type = switch (entry.type()) {
            case DIRECTORY -> 'd';
            case SYMBOLIC_LINK -> 'l';
            case FILE -> '-';
            case OTHER -> '?';
        };
        return line(type, TerminalText.field(entry.permissions().orElse("-")), entry.size(), entry.modified(),
                entry.name());
    }

    /** An SFTP entry in the FTP entry's columns, its permission bits as {@code ls -l} writes them. */
    static String sftp(SftpEntry entry) {
        char type = switch (entry.type()) {
            case DIRECTORY -> 'd';
            case SYMBOLIC_LINK -> 'l';
            case FILE -> '-';
            case OTHER -> '?';
        };
        String permissions = entry.permissions().isPresent() ? rwx(entry.permissions().getAsInt()) : "-";
        return line(type, permissions, entry.size(), entry.modified(), entry.name());
    }

    /** The columns both protocols share; the name is the server's, made safe for a terminal. */
    private static String line(char type, String permissions, OptionalLong size,
            Optional<Instant> modified, String name) {
        String bytes = size.isPresent() ? Long.toString(size.getAsLong()) : "-";
        String time = modified.map(TIME::format).orElse("-               ");
        return type + " " + String.format("%-9s", permissions) + " " + String.format("%12s", bytes)
                + " " + time + " " + TerminalText.field(name);
    }

    /** {@code 0754} as {@code rwxr-xr--}, with the set-id and sticky bits as {@code ls} shows them. */
    private static String rwx(int bits) {
        char[] text = "rwxrwxrwx".toCharArray();
        for (int i = 0; i < 9; i++) {
            if ((bits & (1 << (8 - i))) == 0) {
                text[i] = '-';
            }
        }
        if ((bits & 04000) != 0) {
            text[2] = text[2] == 'x' ? 's' : 'S';
        }
        if ((bits & 02000) != 0) {
            text[5] = text[5] == 'x' ? 's' : 'S';
        }
        if ((bits & 01000) != 0) {
            text[8] = text[8] == 'x' ? 't' : 'T';
        }
        return new String(text);
    }

    /**
     * {@code 1<TAB>display<TAB>URL}: the Gopher type, the text people see, and the item's URL (none
     * for an information line).
     */
    static String gopher(GopherItem item, URI menu) {
        String type = TerminalText.field(String.valueOf(item.typeCode()));
        String display = TerminalText.field(item.display());
        if (item.typeCode() == 'i' || item.typeCode() == '3') {
            return type + "\t" + display;
        }
        return type + "\t" + display + "\t" + TerminalText.field(urlOf(item, menu));
    }

    /**
     * The URL of a menu item: {@code telnet://} for telnet items, the target of an {@code URL:}
     * selector, otherwise {@code gopher://} (or {@code gophers://} on the same TLS server).
     */
    private static String urlOf(GopherItem item, URI menu) {
        if (item.typeCode() == '8' || item.typeCode() == 'T') {
            return "telnet://" + item.host() + (item.port() == 23 ? "" : ":" + item.port());
        }
        if (item.selector().startsWith("URL:")) {
            return item.selector().substring(4);
        }
        boolean sameServer = item.host().equalsIgnoreCase(menu.getHost())
                && item.port() == (menu.getPort() == -1 ? Ports.GOPHER : menu.getPort());
        return GopherUrl.of(item, sameServer && menu.getScheme().equalsIgnoreCase("gophers")).toString();
    }
}
