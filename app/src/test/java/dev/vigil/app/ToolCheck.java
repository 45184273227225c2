package dev.vigil.app;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Runs a {@link RequiresTools} class only if its tools are on the PATH; see there. */
final class ToolCheck implements ExecutionCondition {

    static final String REQUIRE_PROPERTY = "vigil.require.tools";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<ExternalTool> tools = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresTools.class))
                .map(annotation -> Arrays.asList(annotation.value()))
                .orElse(List.of());
        // one phrase per package: "prometheus, promtool not on the PATH (Debian package prometheus)"
        Map<String, List<String>> missing = new TreeMap<>();
        tools.stream().filter(tool -> tool.find().isEmpty())
                .forEach(tool -> missing.computeIfAbsent(tool.debianPackage(), p -> new ArrayList<>()).add(tool.command()));
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("tools on the PATH: " + tools);
        }
        String reason = missing.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " not on the PATH (Debian package " + e.getKey() + ")")
                .collect(Collectors.joining("; "));
        String required = System.getProperty(REQUIRE_PROPERTY, "false");
        if (!required.equals("true") && !required.equals("false")) {
            throw new IllegalStateException("-D" + REQUIRE_PROPERTY + "=" + required + ": use true or false");
        }
        if (required.equals("true")) {
            throw new IllegalStateException(reason + " and -D" + REQUIRE_PROPERTY + "=true: install the package or drop the property");
        }
        // The class is skipped before any of its tests start, so this prints once per class.
        System.out.println("skipped: " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
