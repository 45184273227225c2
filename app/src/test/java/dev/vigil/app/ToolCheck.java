package dev.vigil.app;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Arrays;
import java.util.List;

/** Runs a {@link RequiresTools} class only if its tools are on the PATH; see there. */
final class ToolCheck implements ExecutionCondition {

    static final String REQUIRE_PROPERTY = "vigil.require.tools";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<ExternalTool> tools = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresTools.class))
                .map(annotation -> Arrays.asList(annotation.value()))
                .orElse(List.of());
        List<String> missing = tools.stream().filter(tool -> tool.find().isEmpty()).map(ExternalTool::missing).toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("tools on the PATH: " + tools);
        }
        String reason = String.join("; ", missing);
        if (Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false"))) {
            throw new IllegalStateException(reason + ", and -D" + REQUIRE_PROPERTY + "=true: install it or drop the property");
        }
        // The class is skipped before any of its tests start, so this prints once per class.
        System.out.println("skipped: " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
