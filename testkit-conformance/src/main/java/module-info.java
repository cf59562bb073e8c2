/**
 * The provider conformance kit: {@link io.inetkit.testkit.conformance.ProviderConformance}, the JUnit
 * 5 test class a provider's own test extends to check that it keeps the contract of the inetkit SPI.
 * It uses testkit's fault proxy and, where it is installed, a real SOCKS5 proxy (dante).
 *
 * @since 0.1.0
 */
module io.inetkit.testkit.conformance {
    requires transitive io.inetkit;
    requires transitive org.junit.jupiter.api;
    requires io.inetkit.testkit;

    exports io.inetkit.testkit.conformance;

    // The provider under test is made by ServiceLoader: its package need not be exported.
    uses io.inetkit.spi.ServiceProvider;
}
