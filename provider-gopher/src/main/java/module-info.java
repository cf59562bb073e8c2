/**
 * Placeholder until the provider lands (see the open issue for provider-gopher).
 */
module io.inetkit.provider.gopher {
    requires io.inetkit;
}
