/**
 * A second provider of the Echo service (id 862), for the discovery tests: with two providers for
 * one id, the registry must choose one the same way every time and warn once. Not published.
 */
module com.example.echotwin {
    requires com.example.echo;

    provides io.inetkit.spi.ServiceProvider with com.example.echotwin.TwinEchoProvider;
}
