/**
 * What inetkit's own providers share beyond the provider contract, exported to them alone: not an
 * API. A provider of another project uses the contract in {@link io.inetkit.spi}.
 */
package io.inetkit.toolbox;
