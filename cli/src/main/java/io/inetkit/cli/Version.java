package io.inetkit.cli;

import io.inetkit.Internet;
import picocli.CommandLine.IVersionProvider;

/** The version of the command and of the Java runtime under it. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "inetkit " + of(Version.class),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "API " + Internet.class.getModule().getName() + " " + of(Internet.class)
        };
    }

    /** The version of a class's module (kept by jlink), or of its jar's manifest, or "dev". */
    static String of(Class<?> type) {
        Module module = type.getModule();
        if (module.isNamed() && module.getDescriptor().rawVersion().isPresent()) {
            return module.getDescriptor().rawVersion().get();
        }
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
