package io.inetkit.testkit.internal;

import io.inetkit.testkit.StartStop;
import io.inetkit.testkit.TestServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Starts the {@link StartStop} fields of a test and hands them to JUnit's store, which closes
 * them when the test (instance fields) or the class (static fields) is done.
 */
public final class StartStopExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final Namespace NAMESPACE = Namespace.create(StartStopExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        startFields(context, null, context.getRequiredTestClass());
        // With @TestInstance(PER_CLASS) the instance exists now and its fields live as long as the class.
        Optional<Object> instance = context.getTestInstance();
        if (instance.isPresent()) {
            startFields(context, instance.get(), instance.get().getClass());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        // Nested test classes: every enclosing instance may hold annotated fields too.
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            startFields(context, instance, instance.getClass());
        }
    }

    private static void startFields(ExtensionContext context, Object instance, Class<?> type)
            throws Exception {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(
                type, StartStop.class, f -> Modifier.isStatic(f.getModifiers()) == (instance == null),
                HierarchyTraversalMode.TOP_DOWN);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        for (Field field : fields) {
            TestServer server = serverIn(field, instance);
            Started key = new Started(server);
            // The lookup reaches enclosing contexts: a server started for the class, or through
            // another field holding the same object, must not be started twice.
            if (store.get(key) != null) {
                continue;
            }
            server.start();
            // The store closes its CloseableResources in reverse order of insertion.
            store.put(key, (ExtensionContext.Store.CloseableResource) server::close);
        }
    }

    /** A store key equal only for the very same server, whatever the server's equals says. */
    private static final class Started {
        private final TestServer server;

        Started(TestServer server) {
            this.server = server;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Started other && other.server == server;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(server);
        }
    }

    private static TestServer serverIn(Field field, Object instance) throws IllegalAccessException {
        if (!TestServer.class.isAssignableFrom(field.getType())) {
            throw new ExtensionConfigurationException("@StartStop field " + field.getName()
                    + " must be a " + TestServer.class.getName() + ", not " + field.getType().getName());
        }
        field.setAccessible(true);
        Object value = field.get(instance);
        if (value == null) {
            throw new ExtensionConfigurationException("@StartStop field " + field.getName()
                    + " is null; initialise it where it is declared");
        }
        return (TestServer) value;
    }
}
