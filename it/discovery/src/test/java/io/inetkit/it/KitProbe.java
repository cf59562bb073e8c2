package io.inetkit.it;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class through the JUnit launcher in a child JVM and prints its summary: the
 * {@code found}, {@code succeeded}, {@code failed} and {@code skipped} counts, then the failures.
 * Exits 0 when nothing failed.
 */
public final class KitProbe {

    private KitProbe() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0]))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        System.out.println("found " + summary.getTestsFoundCount());
        System.out.println("succeeded " + summary.getTestsSucceededCount());
        System.out.println("failed " + (summary.getTestsFailedCount() + summary.getContainersFailedCount()));
        System.out.println("skipped " + (summary.getTestsSkippedCount() + summary.getTestsAbortedCount()));
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printFailuresTo(out, 20);
        out.flush();
        System.exit(summary.getTestsFailedCount() + summary.getContainersFailedCount() == 0 ? 0 : 1);
    }
}
