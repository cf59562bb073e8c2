package io.inetkit.cli;

import io.inetkit.Internet;
import picocli.CommandLine.IVersionProvider;

/** The version of the command and of the Java runtime under it. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {
            "inetkit " + (version != null ? version : "dev"),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "API module " + Internet.class.getModule().getName()
        };
    }
}
