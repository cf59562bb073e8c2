/**
 * Placeholder until the provider lands (see the open issue for provider-http).
 */
module io.inetkit.provider.http {
    requires io.inetkit;
}
