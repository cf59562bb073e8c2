/**
 * A small application, as a user of inetkit writes one: it fetches a URL through the API alone, and
 * is linked by the TLS tests into runtime images of its own with one provider each
 * ({@code jlink --add-modules io.inetkit.it.fetch,io.inetkit.provider.ftp}).
 */
module io.inetkit.it.fetch {
    requires io.inetkit;
}
