/**
 * Placeholder until the provider lands (see the open issue for provider-ftp).
 */
module io.inetkit.provider.ftp {
    requires io.inetkit;
}
