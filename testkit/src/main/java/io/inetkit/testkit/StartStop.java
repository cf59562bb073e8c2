package io.inetkit.testkit;

import io.inetkit.testkit.internal.StartStopExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a {@link TestServer} field before each test and closes it after.
 *
 * <p>An instance field is started before each test and closed after it; a {@code static} field
 * before the first test of its class and after the last, as is an instance field of a class with
 * {@code @TestInstance(PER_CLASS)}. A server held by two fields is started once. The field must be
 * initialised when the test instance is created:
 *
 * <pre>{@code
 * class ProxyTest {
 *     @StartStop final TestHttpServer http = TestHttpServer.create();
 *     @StartStop final FaultProxy proxy = FaultProxy.to(http::address);
 * }
 * }</pre>
 *
 * <p>Fields are started in declaration order and closed in reverse order, so a proxy declared
 * after its server stops before it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(StartStopExtension.class)
public @interface StartStop {
}
