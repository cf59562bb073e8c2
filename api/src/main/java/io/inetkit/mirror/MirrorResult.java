package io.inetkit.mirror;

/**
 * What a mirror did, in counts.
 *
 * @param transferred files downloaded or uploaded (in a dry run: that would have been)
 * @param unchanged files left alone because the target's copy has the same size and is not older
 * @param deleted files and directories removed because the source no longer has them
 * @param skipped links, special files, loops and entries of other servers, reported and left alone
 * @param failed entries that failed, each reported to the listener
 */
public record MirrorResult(long transferred, long unchanged, long deleted, long skipped, long failed) {
}
