package io.inetkit.mirror;

import io.inetkit.InternetException;
import io.inetkit.gopher.GopherItem;
import io.inetkit.gopher.GopherItemType;
import io.inetkit.gopher.GopherSession;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A Gopher server's menus as directories: a menu's items are its entries, named by their display
 * text. A menu tells neither sizes nor times, so every document is fetched again on each mirror.
 * A directory's location is its selector; a document's, its type code and then its selector.
 */
final class GopherTree implements RemoteTree {

    private final GopherSession gopher;
    private final String host;
    private final int port;

    GopherTree(GopherSession gopher, String host, int port) {
        this.gopher = gopher;
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
    }

    @Override
    public Stream<TreeEntry> list(String directory) throws InternetException {
        return gopher.menuStream(directory)
                .filter(item -> item.typeCode() != GopherItemType.INFO.code() && item.typeCode() != GopherItemType.ERROR.code())
                .map(this::entry);
    }

    private TreeEntry entry(GopherItem item) {
        TreeEntry.Kind kind;
        String location = item.selector();
        if (!item.host().toLowerCase(Locale.ROOT).equals(host) || item.port() != port) {
            kind = TreeEntry.Kind.ELSEWHERE;
        } else if (item.typeCode() == GopherItemType.DIRECTORY.code()) {
            kind = TreeEntry.Kind.DIRECTORY;
        } else if (item.type().isFile()) {
            kind = TreeEntry.Kind.FILE;
            location = item.typeCode() + item.selector();
        } else {
            kind = TreeEntry.Kind.SPECIAL;
        }
        return new TreeEntry(item.display(), kind, OptionalLong.empty(), Optional.empty(), location);
    }

    @Override
    public void download(TreeEntry file, Path localFile) throws InternetException {
        String location = file.location();
        gopher.get(location.substring(1), GopherItemType.fromCode(location.charAt(0)), localFile);
    }

    @Override
    public String child(String directory, String name) {
        return directory + "/" + name;
    }
}
