package dev.vigil.webui.dashboard;

import java.util.List;
import java.util.Map;

/**
 * Time series in columns, as the charts take them: sample times in epoch milliseconds, and for each
 * named series one value per time (null where there was no data).
 */
public record Series(List<Long> t, Map<String, List<Double>> values) {

    public Series {
        t = List.copyOf(t);
        // Map.copyOf, not a deep copy: List.copyOf would reject the nulls that mean "no data".
        values = Map.copyOf(values);
    }
}
