package io.inetkit.mirror;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Mirrors a directory tree from a server into a local directory ({@link #download}) or from a
 * local directory onto a server ({@link #upload}), as lftp's {@code mirror} does.
 *
 * <p>The walk is depth first and holds only the current path: each directory's listing is
 * streamed into a temporary file and read back from it ({@code Spool}), so a tree of any size
 * takes the same heap; with {@link Builder#delete} one directory's names are held while its
 * extras are found. Files are transferred on the sessions given, one transfer per session at a
 * time; with more than one session the first only lists. A file is transferred when the target
 * has none, or one of another size, or an older one (by the listing's time, where it has one); a
 * downloaded file takes the server's time, so that the next mirror finds it unchanged.
 *
 * <p>What the server names is checked: a name that would leave its directory ({@code ..}, a
 * separator, a NUL, a drive letter) is refused and reported, nothing written for it; links and
 * special files are reported, never followed; a directory that is one of its own ancestors (a
 * Gopher menu linking back up) is reported as a loop and not entered; the depth and the entries
 * are bounded by {@link Limits#maxTreeDepth()} and {@link Limits#maxTreeEntries()}. Each failure
 * goes to the {@link MirrorListener} and the walk goes on; the {@link MirrorResult} counts them.
 */
public final class Mirror {

    private final boolean delete;
    private final boolean dryRun;
    private final Limits limits;
    private final MirrorListener listener;

    private Mirror(Builder builder) {
        delete = builder.delete;
        dryRun = builder.dryRun;
        limits = builder.limits;
        listener = builder.listener;
    }

    /** A builder: no deletion, no dry run, the default limits, no listener. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Mirrors the server's {@code directory} into {@code localDirectory}, made if missing.
     *
     * @param trees one session, or several for parallel transfers (the first then only lists)
     * @throws InternetException when the walk cannot go on: the top directory cannot be listed or
     *     made, or {@link Limits#maxTreeEntries()} is exceeded; other failures are counted
     */
    public MirrorResult download(List<? extends RemoteTree> trees, String directory, Path localDirectory)
            throws InternetException {
        Run run = new Run(trees);
        try {
            boolean fresh = !Files.exists(localDirectory, LinkOption.NOFOLLOW_LINKS);
            if (!dryRun) {
                try {
                    Files.createDirectories(localDirectory);
                } catch (IOException e) {
                    throw InternetException.localFile("cannot make the directory", localDirectory, e);
                }
            }
            Deque<String> ancestors = new ArrayDeque<>();
            ancestors.push(directory);
            run.down(directory, localDirectory, fresh, "", 0, ancestors);
        } finally {
            run.transfers.finish();
        }
        return run.result();
    }

    /**
     * Mirrors {@code localDirectory} onto the server's {@code directory}, made if missing.
     *
     * @param trees one session, or several for parallel transfers (the first then only lists)
     * @throws InternetException when the walk cannot go on; other failures are counted
     */
    public MirrorResult upload(Path localDirectory, List<? extends RemoteTree> trees, String directory)
            throws InternetException {
        if (!Files.isDirectory(localDirectory, LinkOption.NOFOLLOW_LINKS)) {
            throw new InternetException(InternetError.FILE_NOT_FOUND, localDirectory + " is not a directory");
        }
        Run run = new Run(trees);
        try {
            run.up(localDirectory, directory, "", 0, run.remoteEntries(directory, ""));
        } finally {
            run.transfers.finish();
        }
        return run.result();
    }

    /**
     * {@code local} against {@code listed} (negative, zero, positive), to the precision of the
     * listing's time: a LIST gives minutes for a recent file and days for an old one, MLSD seconds,
     * so a listed time with no seconds is compared by its minute and one at midnight by its day.
     */
    static int compare(java.time.Instant local, java.time.Instant listed) {
        long unit = listed.getNano() != 0 || listed.getEpochSecond() % 60 != 0 ? 1
                : listed.getEpochSecond() % 86_400 != 0 ? 60 : 86_400;
        return Long.compare(Math.floorDiv(local.getEpochSecond(), unit), Math.floorDiv(listed.getEpochSecond(), unit));
    }

    /** One mirror's walk and counts. */
    private final class Run {

        private final RemoteTree lister;
        private final Transfers transfers;
        private final AtomicLong seen = new AtomicLong();
        private final AtomicLong transferred = new AtomicLong();
        private final AtomicLong unchanged = new AtomicLong();
        private final AtomicLong deleted = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();

        Run(List<? extends RemoteTree> trees) {
            if (trees.isEmpty()) {
                throw new IllegalArgumentException("a mirror needs at least one session");
            }
            lister = trees.get(0);
            transfers = new Transfers(trees.size() == 1 ? trees : trees.subList(1, trees.size()), this::failed);
        }

        MirrorResult result() {
            return new MirrorResult(transferred.get(), unchanged.get(), deleted.get(), skipped.get(), failed.get());
        }

        private void failed(String path, InternetException failure) {
            failed.incrementAndGet();
            synchronized (listener) {
                listener.failed(path, failure);
            }
        }

        private void skipped(String path, String why) {
            skipped.incrementAndGet();
            synchronized (listener) {
                listener.skipped(path, why);
            }
        }

        private void action(MirrorListener.Action action, String path) {
            synchronized (listener) {
                listener.action(action, path);
            }
        }

        // ---- download ----

        /** @param fresh whether {@code local} was made by this mirror (or is yet to be, in a dry run): it holds nothing */
        void down(String directory, Path local, boolean fresh, String shown, int depth, Deque<String> ancestors)
                throws InternetException {
            Spool spool;
            try {
                spool = Spool.of(lister.list(directory), seen, limits, "the server");
            } catch (InternetException failure) {
                if (depth == 0 || seen.get() > limits.maxTreeEntries()) {
                    throw failure;
                }
                failed(shown, failure);
                return;
            }
            try (spool) {
                Set<String> names = delete ? new HashSet<>() : null;
                try (Spool.Reader entries = spool.read()) {
                    for (TreeEntry entry = entries.next(); entry != null; entry = entries.next()) {
                        fileDown(entry, local, fresh, shown, names);
                    }
                }
                if (names != null) {
                    deleteLocalExtras(local, shown, names);
                }
                try (Spool.Reader entries = spool.read()) {
                    for (TreeEntry entry = entries.next(); entry != null; entry = entries.next()) {
                        if (entry.kind() == TreeEntry.Kind.DIRECTORY && Names.refusal(entry.name()) == null) {
                            directoryDown(entry, local, shown, depth, ancestors);
                        }
                    }
                }
            }
        }

        private void fileDown(TreeEntry entry, Path local, boolean fresh, String shown, Set<String> names)
                throws InternetException {
            if (entry.kind() == TreeEntry.Kind.DIRECTORY && (entry.name().equals(".") || entry.name().equals(".."))) {
                return; // a listing's own entries for the directory and its parent
            }
            String path = shown + entry.name();
            String refusal = Names.refusal(entry.name());
            if (refusal != null) {
                failed(path, new InternetException(InternetError.ACCESS_DENIED, "refused " + refusal
                        + ": it would be written outside the target directory; nothing was written for it"));
                return;
            }
            if (names != null) {
                names.add(entry.name());
            }
            switch (entry.kind()) {
                case LINK -> skipped(path, "a symbolic link, not followed");
                case SPECIAL -> skipped(path, "not a file or directory");
                case ELSEWHERE -> skipped(path, "an item of another server, not followed");
                case FILE -> {
                    Path target = local.resolve(entry.name());
                    // In a directory this mirror made, nothing is in the way and every file is new:
                    // no look at the target, whose absence costs the file system's exception twice.
                    if (!fresh && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        failed(path, new InternetException(InternetError.FILE_EXISTS, "a directory of the same name"
                                + " is in the way of the file"));
                    } else if (!fresh && !newer(entry, target)) {
                        unchanged.incrementAndGet();
                    } else {
                        transferred.incrementAndGet();
                        action(MirrorListener.Action.DOWNLOAD, path);
                        if (!dryRun) {
                            transfers.submit(path, tree -> {
                                tree.download(entry, target);
                                if (entry.modified().isPresent()) {
                                    try {
                                        Files.setLastModifiedTime(target, FileTime.from(entry.modified().get()));
                                    } catch (IOException e) {
                                        throw InternetException.localFile("cannot set the time of", target, e);
                                    }
                                }
                            });
                        }
                    }
                }
                case DIRECTORY -> { }
            }
        }

        private void directoryDown(TreeEntry entry, Path local, String shown, int depth, Deque<String> ancestors)
                throws InternetException {
            String path = shown + entry.name();
            if (ancestors.contains(entry.location())) {
                skipped(path + "/", "a loop: the directory is one of its own ancestors");
                return;
            }
            if (depth + 1 > limits.maxTreeDepth()) {
                failed(path + "/", Limits.exceeded(InternetError.INVALID_OPERATION, "the server",
                        "a tree deeper than " + limits.maxTreeDepth() + " directories", "maxTreeDepth"));
                return;
            }
            Path target = local.resolve(entry.name());
            if (Files.isSymbolicLink(target) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                failed(path + "/", new InternetException(InternetError.FILE_EXISTS, "a file or link of the same name"
                        + " is in the way of the directory; nothing was written into it"));
                return;
            }
            boolean made = !Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (made) {
                action(MirrorListener.Action.MKDIR, path + "/");
                if (!dryRun) {
                    try {
                        Files.createDirectory(target);
                    } catch (IOException e) {
                        failed(path + "/", InternetException.localFile("cannot make the directory", target, e));
                        return;
                    }
                }
            }
            ancestors.push(entry.location());
            try {
                down(entry.location(), target, made, path + "/", depth + 1, ancestors);
            } finally {
                ancestors.pop();
            }
        }

        private boolean newer(TreeEntry entry, Path target) throws InternetException {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            if (entry.size().isEmpty() && entry.modified().isEmpty()) {
                return true;
            }
            try {
                BasicFileAttributes local = Files.readAttributes(target, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return entry.size().isPresent() && entry.size().getAsLong() != local.size()
                        || entry.modified().isPresent()
                        && compare(local.lastModifiedTime().toInstant(), entry.modified().get()) < 0;
            } catch (IOException e) {
                throw InternetException.localFile("cannot read the attributes of", target, e);
            }
        }

        private void deleteLocalExtras(Path local, String shown, Set<String> names) {
            if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(local)) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (names.contains(name) || name.startsWith(".") && name.endsWith(".part")) {
                        continue; // kept, or a transfer's part file, which it removes itself
                    }
                    boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
                    String path = shown + name + (directory ? "/" : "");
                    deleted.incrementAndGet();
                    action(MirrorListener.Action.DELETE, path);
                    if (!dryRun) {
                        try {
                            removeLocal(child);
                        } catch (IOException e) {
                            failed(path, InternetException.localFile("cannot remove", child, e));
                        }
                    }
                }
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                failed(shown, new InternetException(InternetError.INTERNAL_ERROR, "cannot list " + local + ": " + e, e));
            }
        }

        private void removeLocal(Path path) throws IOException {
            // walkFileTree follows no link: a link is removed, never what it points to.
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }

        // ---- upload ----

        /** The entries of a server's directory by name (one directory's worth), or none if it does not exist. */
        Map<String, TreeEntry> remoteEntries(String directory, String shown) throws InternetException {
            Map<String, TreeEntry> entries = new HashMap<>();
            Stream<TreeEntry> listing;
            try {
                listing = lister.list(directory);
            } catch (InternetException missing) {
                if (missing.error() != InternetError.EXTENDED_ERROR) {
                    throw missing;
                }
                action(MirrorListener.Action.MKDIR, shown.isEmpty() ? "./" : shown);
                if (!dryRun) {
                    lister.mkdir(directory);
                }
                return entries;
            }
            try (listing) {
                for (Iterator<TreeEntry> each = listing.iterator(); each.hasNext(); ) {
                    TreeEntry entry = each.next();
                    if (seen.incrementAndGet() > limits.maxTreeEntries()) {
                        throw Limits.exceeded(InternetError.INVALID_OPERATION, "the server",
                                "a tree of more than " + limits.maxTreeEntries() + " entries", "maxTreeEntries");
                    }
                    entries.put(entry.name(), entry);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause() instanceof InternetException known ? known
                        : new InternetException(InternetError.INTERNAL_ERROR, String.valueOf(e.getCause()), e);
            }
            return entries;
        }

        void up(Path local, String directory, String shown, int depth, Map<String, TreeEntry> remote)
                throws InternetException {
            Set<String> names = delete ? new HashSet<>() : null;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(local)) {
                for (Path child : children) {
                    fileUp(child, directory, shown, remote, names);
                }
            } catch (InternetException stop) {
                throw stop;
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                failed(shown, new InternetException(InternetError.INTERNAL_ERROR, "cannot list " + local + ": " + e, e));
                return;
            }
            if (names != null) {
                for (TreeEntry entry : remote.values()) {
                    if (!names.contains(entry.name()) && !entry.name().equals(".") && !entry.name().equals("..")) {
                        deleteRemote(entry, shown, depth);
                    }
                }
            }
            Map<String, TreeEntry> here = remote;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(local)) {
                for (Path child : children) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        directoryUp(child, directory, shown, depth, here.get(child.getFileName().toString()));
                    }
                }
            } catch (InternetException stop) {
                throw stop;
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                failed(shown, new InternetException(InternetError.INTERNAL_ERROR, "cannot list " + local + ": " + e, e));
            }
        }

        private void fileUp(Path child, String directory, String shown, Map<String, TreeEntry> remote,
                Set<String> names) throws InternetException {
            String name = child.getFileName().toString();
            String path = shown + name;
            if (names != null) {
                names.add(name);
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                failed(path, InternetException.localFile("cannot read the attributes of", child, e));
                return;
            }
            if (attributes.isSymbolicLink()) {
                skipped(path, "a symbolic link, not followed");
            } else if (attributes.isOther()) {
                skipped(path, "not a file or directory");
            } else if (attributes.isRegularFile()) {
                TreeEntry there = remote.get(name);
                if (there != null && there.kind() == TreeEntry.Kind.DIRECTORY) {
                    failed(path, new InternetException(InternetError.FILE_EXISTS, "a directory of the same name is"
                            + " in the way of the file on the server"));
                } else if (there != null && there.kind() == TreeEntry.Kind.FILE && !localNewer(attributes, there)) {
                    unchanged.incrementAndGet();
                } else {
                    transferred.incrementAndGet();
                    action(MirrorListener.Action.UPLOAD, path);
                    if (!dryRun) {
                        String location = lister.child(directory, name);
                        transfers.submit(path, tree -> tree.upload(child, location));
                    }
                }
            }
        }

        private boolean localNewer(BasicFileAttributes local, TreeEntry remote) {
            return remote.size().isEmpty() && remote.modified().isEmpty()
                    || remote.size().isPresent() && remote.size().getAsLong() != local.size()
                    || remote.modified().isPresent()
                    && compare(local.lastModifiedTime().toInstant(), remote.modified().get()) > 0;
        }

        private void directoryUp(Path child, String directory, String shown, int depth, TreeEntry there)
                throws InternetException {
            String path = shown + child.getFileName() + "/";
            if (depth + 1 > limits.maxTreeDepth()) {
                failed(path, Limits.exceeded(InternetError.INVALID_OPERATION, "the local directory",
                        "a tree deeper than " + limits.maxTreeDepth() + " directories", "maxTreeDepth"));
                return;
            }
            String location = there != null ? there.location() : lister.child(directory, child.getFileName().toString());
            Map<String, TreeEntry> remote;
            if (there == null) {
                action(MirrorListener.Action.MKDIR, path);
                if (!dryRun) {
                    try {
                        lister.mkdir(location);
                    } catch (InternetException failure) {
                        failed(path, failure);
                        return;
                    }
                }
                remote = new HashMap<>();
            } else if (there.kind() != TreeEntry.Kind.DIRECTORY) {
                failed(path, new InternetException(InternetError.FILE_EXISTS, "a file or link of the same name is in"
                        + " the way of the directory on the server"));
                return;
            } else {
                try {
                    remote = remoteEntries(location, path);
                } catch (InternetException failure) {
                    failed(path, failure);
                    return;
                }
            }
            up(child, location, path, depth + 1, remote);
        }

        private void deleteRemote(TreeEntry entry, String shown, int depth) {
            boolean directory = entry.kind() == TreeEntry.Kind.DIRECTORY;
            String path = shown + entry.name() + (directory ? "/" : "");
            if (Names.refusal(entry.name()) != null) {
                failed(path, new InternetException(InternetError.ACCESS_DENIED, "refused to remove an entry whose name"
                        + " is " + Names.refusal(entry.name())));
                return;
            }
            try {
                if (directory) {
                    if (depth + 1 > limits.maxTreeDepth()) {
                        throw Limits.exceeded(InternetError.INVALID_OPERATION, "the server",
                                "a tree deeper than " + limits.maxTreeDepth() + " directories", "maxTreeDepth");
                    }
                    // Held one directory at a time: removing while listing would change what is listed.
                    for (TreeEntry inside : remoteEntries(entry.location(), path).values()) {
                        if (!inside.name().equals(".") && !inside.name().equals("..")) {
                            deleteRemote(inside, path, depth + 1);
                        }
                    }
                }
                deleted.incrementAndGet();
                action(MirrorListener.Action.DELETE, path);
                if (!dryRun) {
                    if (directory) {
                        lister.rmdir(entry.location());
                    } else {
                        lister.delete(entry);
                    }
                }
            } catch (InternetException failure) {
                failed(path, failure);
            }
        }
    }

    /** Builds a {@link Mirror}. Not thread-safe. */
    public static final class Builder {

        private boolean delete;
        private boolean dryRun;
        private Limits limits = Limits.defaults();
        private MirrorListener listener = new MirrorListener() { };

        private Builder() {
        }

        /** Whether to remove from the target what the source no longer has (lftp's {@code --delete}). */
        public Builder delete(boolean delete) {
            this.delete = delete;
            return this;
        }

        /** Whether only to report what would be done, changing nothing on either side. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** The bounds on the server's tree: {@link Limits#maxTreeDepth()}, {@link Limits#maxTreeEntries()}. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Where each action, skip and failure is reported. */
        public Builder listener(MirrorListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The mirror. */
        public Mirror build() {
            return new Mirror(this);
        }
    }
}
