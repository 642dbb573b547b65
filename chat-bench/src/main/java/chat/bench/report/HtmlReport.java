package chat.bench.report;

import chat.bench.BenchResult;
import chat.bench.stats.LatencySummary;
import chat.bench.stats.PhaseResult;
import chat.bench.stats.TimelinePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page (inline SVG and CSS, nothing fetched): summary table, latency percentile
 * distribution per phase, per-second throughput and p99, and the text report.
 */
public final class HtmlReport {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private HtmlReport() {
    }

    /** Returns the page for {@code r}. */
    public static String render(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        String title = "chat-bench " + r.scenario().cliName() + " " + r.options().url();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(SvgChart.escape(title)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}th{background:#f4f4f4}pre{background:#f8f8f8;padding:12px;overflow:auto}")
                .append("svg{display:block;margin:16px 0;background:#fff;border:1px solid #eee}</style></head><body>");
        sb.append("<h1>").append(SvgChart.escape(title)).append("</h1><p>")
                .append(SvgChart.escape(r.environment().transport() + ", " + r.environment().threads() + " loops, "
                        + r.environment().cores() + " cores, " + r.environment().jvm() + ", "
                        + r.environment().os() + ", " + r.environment().startedAt()))
                .append("</p>");
        if (!r.phases().isEmpty()) {
            summary(sb, r.phases());
            sb.append(latencyChart(r));
        } else if (r.connect() != null) {
            sb.append(SvgChart.render("Connect time (TCP + handshake) percentile distribution", "percentile", "ms",
                    List.of(series("connect time", COLORS[0], r.connect().connectTime())), true));
        }
        timelineCharts(sb, r.timeline());
        sb.append("<h2>Report</h2><pre>").append(SvgChart.escape(TextReport.render(r))).append("</pre>");
        return sb.append("</body></html>\n").toString();
    }

    /** Writes the page to {@code file}, creating parent directories. */
    public static void write(BenchResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(r));
    }

    private static void summary(StringBuilder sb, List<PhaseResult> phases) {
        sb.append("<table><tr><th>phase</th><th>rate msg/s</th><th>sent</th><th>expected</th><th>delivered</th>")
                .append("<th>lost</th><th>dup</th><th>ooo</th><th>deliveries/s</th><th>p50 ms</th><th>p90 ms</th>")
                .append("<th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>all-delivered p99 ms</th></tr>");
        for (PhaseResult p : phases) {
            LatencySummary l = p.latency();
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%d</td><td>%d</td><td>%d</td>"
                            + "<td>%d</td><td>%d</td><td>%d</td><td>%.1f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                            + "<td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>", SvgChart.escape(p.label()),
                    p.targetRate(), p.sent(), p.expected(), p.delivered(), p.lost(), p.duplicates(), p.outOfOrder(),
                    p.deliveriesPerSec(), l.p50(), l.p90(), l.p99(), l.p999(), l.max(), p.allDelivered().p99()));
        }
        sb.append("</table>");
    }

    private static String latencyChart(BenchResult r) {
        List<SvgChart.Series> series = new ArrayList<>();
        int i = 0;
        for (PhaseResult p : r.phases()) {
            if (p.latency().count() > 0) {
                series.add(series(p.label() + " delivery", COLORS[i++ % COLORS.length], p.latency()));
            }
        }
        PhaseResult h = r.headline();
        if (h != null && h.allDelivered().count() > 0) {
            series.add(series(h.label() + " all delivered", COLORS[i % COLORS.length], h.allDelivered()));
        }
        return SvgChart.render("Latency percentile distribution (from intended send time)", "percentile", "ms",
                series, true);
    }

    private static void timelineCharts(StringBuilder sb, List<TimelinePoint> t) {
        if (t.isEmpty()) {
            return;
        }
        double[] xs = new double[t.size()];
        double[] delivered = new double[t.size()];
        double[] sent = new double[t.size()];
        double[] p99 = new double[t.size()];
        double[] conns = new double[t.size()];
        for (int i = 0; i < t.size(); i++) {
            xs[i] = t.get(i).t();
            delivered[i] = t.get(i).deliveredPerSec();
            sent[i] = t.get(i).sentPerSec();
            p99[i] = t.get(i).p99Ms();
            conns[i] = t.get(i).connections();
        }
        sb.append(SvgChart.render("Throughput per second (warm-up and drain included)", "seconds", "per second",
                List.of(new SvgChart.Series("deliveries/s", COLORS[0], xs, delivered),
                        new SvgChart.Series("sent/s", COLORS[1], xs, sent)), false));
        sb.append(SvgChart.render("p99 of each second's deliveries", "seconds", "ms",
                List.of(new SvgChart.Series("p99", COLORS[3], xs, p99)), false));
        sb.append(SvgChart.render("Open connections", "seconds", "connections",
                List.of(new SvgChart.Series("open", COLORS[2], xs, conns)), false));
    }

    private static SvgChart.Series series(String name, String color, LatencySummary l) {
        double[] xs = new double[l.distribution().size()];
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = l.distribution().get(i)[0];
            ys[i] = l.distribution().get(i)[1];
        }
        return new SvgChart.Series(name, color, xs, ys);
    }
}
