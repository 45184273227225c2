package dev.vigil.app;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs external programs: skipped, with one line naming the Debian package, when one is
 * not on the PATH, so that the tests pass on a machine with only Java and Maven; failed instead when the
 * system property {@code vigil.require.tools} is true (.ci/run sets it after installing them), so that CI
 * never skips them silently.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ToolCheck.class)
@interface RequiresTools {
    ExternalTool[] value();
}
