package dev.vigil.bench.overhead;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vigil.bench.overhead.OverheadBenchmark.E2eResult;
import dev.vigil.bench.overhead.OverheadBenchmark.Latency;
import dev.vigil.bench.overhead.OverheadBenchmark.RunResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Vigil's e2e latency distribution against the bare clients' at the same pace and {@code EndToEndLatency}'s,
 * as a percentile plot: latency
 * (ms) at each percentile both report, the percentile axis stretched as HdrHistogram plots it
 * ({@code 1 / (1 − q)} on a log scale, so p99.9 is as far from p99 as p99 from p90). Vigil gives p50, p75,
 * p90, p99, p99.9 and p99.99 over its window; the tool prints only p50, p99 and p99.9, in whole ms.
 */
final class LatencyPlot {

    /** Okabe–Ito blue and vermillion, as the dashboard. */
    private static final Color VIGIL = new Color(0x00, 0x72, 0xB2);
    private static final Color TOOL = new Color(0xD5, 0x5E, 0x00);
    /** Okabe–Ito bluish green: the bare clients at Vigil's pace. */
    private static final Color FLOOR = new Color(0x00, 0x9E, 0x73);

    private LatencyPlot() {
    }

    static void write(Path png, List<RunResult> vigil, List<RunResult> floor, List<E2eResult> tool) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colours = new ArrayList<>();
        addRuns(data, colours, "Vigil", vigil, VIGIL);
        addRuns(data, colours, "bare clients at Vigil's pace", floor, FLOOR);
        for (E2eResult e : tool) {
            XYSeries s = new XYSeries("EndToEndLatency, rep " + e.rep() + String.format(Locale.ROOT, " (mean %.2f ms)", e.mean()));
            s.add(stretch(0.5), e.p50());
            s.add(stretch(0.99), e.p99());
            s.add(stretch(0.999), e.p999());
            data.addSeries(s);
            colours.add(TOOL);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("End-to-end latency: Vigil, the bare clients, Kafka's EndToEndLatency",
                "percentile", "latency (ms)", data);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setNumberFormatOverride(new PercentileFormat());
        x.setTickUnit(new NumberTickUnit(1)); // one tick a decade: 90 %, 99 %, 99.9 %, 99.99 %
        x.setRange(1.8, 15_000);
        plot.setDomainAxis(x);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean dashed = colours.get(i) == TOOL;
            renderer.setSeriesPaint(i, colours.get(i));
            renderer.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    dashed ? new float[] {6f, 4f} : null, 0f));
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
    }

    private static void addRuns(XYSeriesCollection data, List<Color> colours, String name, List<RunResult> runs,
                                Color colour) {
        for (RunResult r : runs) {
            XYSeries s = new XYSeries(name + ", rep " + r.rep() + String.format(Locale.ROOT, " (mean %.2f ms)",
                    r.e2e().orElseThrow().mean()));
            double[] ms = r.e2e().orElseThrow().quantileMillis();
            for (int i = 0; i < Latency.QUANTILES.length - 1; i++) { // the maximum has no place on this axis
                s.add(stretch(Latency.QUANTILES[i]), ms[i]);
            }
            data.addSeries(s);
            colours.add(colour);
        }
    }

    private static double stretch(double quantile) {
        return 1 / (1 - quantile);
    }

    /** Labels {@code 1 / (1 − q)} as the percentile {@code 100 q}. */
    private static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            double percentile = 100 * (1 - 1 / number);
            return to.append(new BigDecimal(percentile).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros()
                    .toPlainString()).append('%');
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    }
}
