package org.jackdesk.control.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.jackdesk.engine.master.LoudnessReport;
import org.jackdesk.engine.master.Mastering;
import org.jackdesk.engine.master.SongAnalysis;

/**
 * {@code jackdesk master --report FILE.html}: one self-contained page (inline SVG, no script, no
 * network) with, per song, what a mastering engineer looks at — loudness before and after
 * (integrated, LRA, true peak, the same numbers {@code jackdesk meter} prints), crest factor and
 * PLR (true peak − integrated), the third-octave spectrum before and after, and the gain each
 * stage of the chain applied over time — and the numbers as JSON in a
 * {@code <script type="application/json" id="jackdesk-report">} block for scripts. Written to a
 * temporary file and moved into place.
 */
final class MasteringReportHtml {
    private MasteringReportHtml() {}

    private static final String[] COLOURS = {"#4aa3ff", "#ffb020", "#3ccf6e", "#e05ce0", "#ff5a5a", "#9aa4b2", "#f0e040"};

    static void write(Path file, List<Mastering.SongResult> songs, String settings) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode data = json.createArrayNode();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>jackdesk master report</title><style>")
                .append("body{font:14px system-ui,sans-serif;background:#12161c;color:#e6e9ee;margin:24px}")
                .append("h1{font-size:20px}h2{font-size:17px;margin-top:32px}table{border-collapse:collapse;margin:8px 0}")
                .append("td,th{padding:3px 10px;text-align:right;border-bottom:1px solid #2a313b}th:first-child,td:first-child{text-align:left}")
                .append("svg{background:#0b0e12;border-radius:6px;margin:6px 12px 6px 0}.axis{stroke:#2a313b}.lbl{fill:#9aa4b2;font-size:11px}")
                .append(".legend span{margin-right:14px}</style></head><body>");
        h.append("<h1>jackdesk master report</h1><p>").append(esc(settings)).append("</p>");
        // the album at a glance: every song's loudness before and after, its target and peak
        h.append("<table class=\"album\"><tr><th>song</th><th>before LUFS</th><th>target LUFS</th><th>after LUFS</th>")
                .append("<th>gain dB</th><th>true peak after dBTP</th><th>LRA after LU</th></tr>");
        for (Mastering.SongResult r : songs) {
            h.append("<tr><td>").append(esc(r.input().getFileName().toString())).append("</td><td>")
                    .append(r.before().integratedLufs().isPresent() ? fmt(r.before().integratedLufs().getAsDouble()) : "—")
                    .append("</td><td>").append(fmt(r.targetLufs())).append("</td><td>")
                    .append(r.after().integratedLufs().isPresent() ? fmt(r.after().integratedLufs().getAsDouble()) : "—")
                    .append("</td><td>").append(fmt(r.gainDb())).append("</td><td>").append(fmt(r.after().truePeakDbtp()))
                    .append("</td><td>").append(fmt(r.after().lraLu())).append("</td></tr>");
        }
        h.append("</table>");
        for (Mastering.SongResult r : songs) {
            SongAnalysis a = r.analysis();
            String name = r.input().getFileName().toString();
            h.append("<h2>").append(esc(name)).append(" → ").append(esc(r.output().toString())).append("</h2>");
            h.append("<table><tr><th></th><th>integrated LUFS</th><th>LRA LU</th><th>true peak dBTP</th><th>sample peak dBFS</th>")
                    .append("<th>crest dB</th><th>PLR dB</th></tr>");
            row(h, "before", r.before(), a.crestBeforeDb());
            row(h, "after", r.after(), a.crestAfterDb());
            h.append("</table><p>gain before the limiter ").append(fmt(r.gainDb())).append(" dB</p>");
            h.append(spectrum(a));
            h.append(stages(a));
            ObjectNode o = data.addObject();
            o.put("song", name);
            o.put("output", r.output().toString());
            o.put("gain_db", r.gainDb());
            o.put("target_lufs", r.targetLufs());
            o.set("before", side(json, r.before(), a.crestBeforeDb()));
            o.set("after", side(json, r.after(), a.crestAfterDb()));
            ArrayNode bands = o.putArray("bands_hz");
            for (double c : a.bandsHz()) bands.add(Math.round(c * 10) / 10.0);
            ArrayNode sb = o.putArray("spectrum_before_db"), sa = o.putArray("spectrum_after_db");
            for (double v : a.spectrumBeforeDb()) sb.add(Math.round(v * 100) / 100.0);
            for (double v : a.spectrumAfterDb()) sa.add(Math.round(v * 100) / 100.0);
            ObjectNode st = o.putObject("stages_db");
            for (int k = 0; k < a.stageNames().size(); k++) {
                double lo = 0, hi = 0;
                for (double v : a.stageDb()[k]) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                st.putObject(a.stageNames().get(k)).put("min", lo).put("max", hi);
            }
        }
        h.append("<script type=\"application/json\" id=\"jackdesk-report\">")
                .append(json.writeValueAsString(data).replace("</", "<\\/")).append("</script></body></html>\n");
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".report", ".tmp");
        try {
            Files.writeString(tmp, h.toString(), StandardCharsets.UTF_8);
            try { // a temporary file is private; a report is for sharing, like the WAVs beside it
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ObjectNode side(ObjectMapper json, LoudnessReport l, double crest) {
        ObjectNode o = json.createObjectNode();
        if (l.integratedLufs().isPresent()) o.put("integrated_lufs", l.integratedLufs().getAsDouble());
        else o.putNull("integrated_lufs");
        o.put("lra_lu", l.lraLu());
        o.put("true_peak_dbtp", finite(l.truePeakDbtp()));
        o.put("sample_peak_dbfs", finite(l.samplePeakDbfs()));
        o.put("crest_db", crest);
        if (l.integratedLufs().isPresent() && Double.isFinite(l.truePeakDbtp())) {
            o.put("plr_db", l.truePeakDbtp() - l.integratedLufs().getAsDouble());
        } else {
            o.putNull("plr_db");
        }
        return o;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : -999;
    }

    private static void row(StringBuilder h, String what, LoudnessReport l, double crest) {
        String i = l.integratedLufs().isPresent() ? fmt(l.integratedLufs().getAsDouble()) : "—";
        String plr = l.integratedLufs().isPresent() ? fmt(l.truePeakDbtp() - l.integratedLufs().getAsDouble()) : "—";
        h.append("<tr><td>").append(what).append("</td><td>").append(i).append("</td><td>").append(fmt(l.lraLu()))
                .append("</td><td>").append(fmt(l.truePeakDbtp())).append("</td><td>").append(fmt(l.samplePeakDbfs()))
                .append("</td><td>").append(fmt(crest)).append("</td><td>").append(plr).append("</td></tr>");
    }

    private static final int W = 640, H = 220, L = 44, B = 22;

    /** Third-octave spectrum before (grey) and after (blue), 20 Hz – 20 kHz on a log axis, −90 … 0 dBFS. */
    private static String spectrum(SongAnalysis a) {
        StringBuilder s = new StringBuilder("<svg width=\"" + W + "\" height=\"" + H + "\" role=\"img\" aria-label=\"spectrum\">");
        double lo = Math.log10(20), hi = Math.log10(20000);
        for (double f : new double[] {50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
            double x = L + (Math.log10(f) - lo) / (hi - lo) * (W - L - 8);
            s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"%d\"/>", x, x, H - B));
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, H - 6,
                    f >= 1000 ? (int) (f / 1000) + "k" : String.valueOf((int) f)));
        }
        for (int db = 0; db >= -90; db -= 15) {
            double y = 8 + (-db) / 90.0 * (H - B - 8);
            s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", L, y, W - 8, y));
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>", L - 4, y + 4, db));
        }
        double[][] lines = {a.spectrumBeforeDb(), a.spectrumAfterDb()};
        String[] colours = {"#9aa4b2", "#4aa3ff"};
        for (int k = 0; k < 2; k++) {
            StringBuilder pts = new StringBuilder();
            for (int b = 0; b < a.bandsHz().length; b++) {
                double x = L + (Math.log10(a.bandsHz()[b]) - lo) / (hi - lo) * (W - L - 8);
                double v = Math.max(-90, Math.min(0, lines[k][b]));
                double y = 8 + (-v) / 90.0 * (H - B - 8);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colours[k]).append("\" points=\"").append(pts).append("\"/>");
        }
        s.append("</svg>");
        return "<div><b>Spectrum</b> (third octaves, dBFS) <span class=\"legend\"><span style=\"color:#9aa4b2\">■ before</span>"
                + "<span style=\"color:#4aa3ff\">■ after</span></span><br>" + s + "</div>";
    }

    /** Each stage's gain over the song, dB, −12 … +6. */
    private static String stages(SongAnalysis a) {
        double[] t = a.times();
        double end = t.length == 0 ? 1 : Math.max(1e-3, t[t.length - 1]);
        StringBuilder s = new StringBuilder("<svg width=\"" + W + "\" height=\"" + H + "\" role=\"img\" aria-label=\"stage gains\">");
        for (int db = 6; db >= -12; db -= 3) {
            double y = 8 + (6 - db) / 18.0 * (H - B - 8);
            s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", L, y, W - 8, y));
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>", L - 4, y + 4, db));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f s</text>", W - 8, H - 6, end));
        StringBuilder legend = new StringBuilder();
        for (int k = 0; k < a.stageNames().size(); k++) {
            String c = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < t.length; i++) {
                double x = L + t[i] / end * (W - L - 8);
                double v = Math.max(-12, Math.min(6, a.stageDb()[k][i]));
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, 8 + (6 - v) / 18.0 * (H - B - 8)));
            }
            s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(c).append("\" points=\"").append(pts).append("\"/>");
            legend.append("<span style=\"color:").append(c).append("\">■ ").append(esc(a.stageNames().get(k))).append("</span>");
        }
        s.append("</svg>");
        return "<div><b>Gain of each stage</b> (dB) <span class=\"legend\">" + legend + "</span><br>" + s + "</div>";
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "−∞";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
