package io.inetkit.cli;

import io.inetkit.ProviderRegistry;
import java.io.File;

/** Where the command finds its providers. */
final class Providers {

    private Providers() {
    }

    /**
     * The installed providers. When no entry of the class path exists, as in the image, whose launcher
     * names a folder it does not have, only the module layers can hold providers, and they are looked
     * up there alone: {@link java.util.ServiceLoader}'s class-path step would otherwise search every
     * module of the image for provider-configuration files, which costs a start a few milliseconds.
     */
    static ProviderRegistry registry() {
        ModuleLayer layer = Providers.class.getModule().getLayer();
        return layer == null || classPathHasEntries() ? ProviderRegistry.load() : ProviderRegistry.load(layer);
    }

    private static boolean classPathHasEntries() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            // java.io rather than java.nio.file, which would start the NIO file system (2 ms) for this alone.
            if (!entry.isEmpty() && new File(entry).exists()) {
                return true;
            }
        }
        return false;
    }
}
