package chat.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * Minimal inline-SVG line charts for the HTML report (no scripts, no external resources). The x axis is
 * either linear or a percentile axis (x = percentile, drawn as log10(1 / (1 - p)) so the tail is visible).
 */
final class SvgChart {
    /** One line: name, CSS colour, x and y values. */
    record Series(String name, String color, double[] xs, double[] ys) {
    }

    private static final int W = 760;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;
    private static final double[] PERCENTILE_TICKS = {0, 90, 99, 99.9, 99.99, 99.999};

    private SvgChart() {
    }

    /** Returns an SVG element plotting {@code series}; {@code percentileX} selects the percentile x axis. */
    static String render(String title, String xLabel, String yLabel, List<Series> series, boolean percentileX) {
        double xMax = 1e-9;
        double yMax = 1e-9;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                xMax = Math.max(xMax, x(s.xs()[i], percentileX));
                yMax = Math.max(yMax, s.ys()[i]);
            }
        }
        yMax = niceCeil(yMax);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\">", W, H, W, H));
        sb.append(text(W / 2.0, 18, title, "middle", "bold"));
        axes(sb, xMax, yMax, xLabel, yLabel, percentileX);
        int legendY = TOP + 12;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.xs().length; i++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x(s.xs()[i], percentileX), xMax),
                        py(s.ys()[i], yMax)));
            }
            sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color()).append("\" points=\"")
                    .append(pts).append("\"><title>").append(escape(s.name())).append("</title></polyline>");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>",
                    LEFT + 12, legendY - 4, s.color()));
            sb.append(text(LEFT + 30, legendY, s.name(), "start", "normal"));
            legendY += 16;
        }
        return sb.append("</svg>").toString();
    }

    private static void axes(StringBuilder sb, double xMax, double yMax, String xLabel, String yLabel, boolean pct) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, TOP, LEFT, H - BOTTOM));
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = py(v, yMax);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, y, W - RIGHT, y));
            sb.append(text(LEFT - 6, y + 4, format(v), "end", "normal"));
        }
        if (pct) {
            for (double p : PERCENTILE_TICKS) {
                double xv = x(p, true);
                if (xv <= xMax * 1.0001) {
                    sb.append(text(px(xv, xMax), H - BOTTOM + 16,
                            java.math.BigDecimal.valueOf(p).stripTrailingZeros().toPlainString() + "%", "middle",
                            "normal"));
                }
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                double v = xMax * i / 5;
                sb.append(text(px(v, xMax), H - BOTTOM + 16, format(v), "middle", "normal"));
            }
        }
        sb.append(text((LEFT + W - RIGHT) / 2.0, H - 6, xLabel, "middle", "normal"));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">%s</text>", H / 2, H / 2, escape(yLabel)));
    }

    static double x(double v, boolean percentile) {
        if (!percentile) {
            return v;
        }
        double p = Math.min(v, 99.9999) / 100.0;
        return Math.log10(1.0 / (1.0 - p));
    }

    private static double px(double x, double xMax) {
        return LEFT + (W - LEFT - RIGHT) * x / xMax;
    }

    private static double py(double y, double yMax) {
        return H - BOTTOM - (H - TOP - BOTTOM) * y / yMax;
    }

    static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    }

    private static String text(double x, double y, String s, String anchor, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"%s\" "
                + "font-weight=\"%s\">%s</text>", x, y, anchor, weight, escape(s));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
