package org.jackdesk.control.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavWriter;
import org.jackdesk.engine.render.OfflineRenderer;
import org.jackdesk.engine.render.RenderException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jackdesk render}: mixes WAV files through the console offline, into a stereo WAV of the main bus. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render WAV files through the console offline: IN1 feeds channel 1, IN2 channel 2, ...",
                "Writes the main bus as a stereo WAV (24-bit PCM, or 32-bit float with --format f32).",
                "Example: jackdesk render --set ch/1/fader=-6 --set ch/2/eq/on=true --out mix.wav vox.wav gtr.wav"})
public final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--show", paramLabel = "SHOW.json",
            description = "Take the layout and every value from a show (or a console configuration) file; --set still applies on top.")
    Path show;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a parameter by its address (repeatable), e.g. ch/1/fader=-6.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "MIX.wav", description = "Output file (written only when the render succeeds).")
    Path out;

    @Option(names = "--format", defaultValue = "pcm24", paramLabel = "pcm24|f32", description = "Output sample format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--json", description = "Print a JSON summary (duration, peak and RMS per bus) on stdout.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "IN.wav", description = "Input files, one per channel, in channel order.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        WavWriter.Format fmt;
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "pcm24": fmt = WavWriter.Format.PCM_24; break;
            case "f32": case "float": fmt = WavWriter.Format.FLOAT_32; break;
            default:
                err.println("jackdesk render: unknown --format '" + format + "' (use pcm24 or f32)");
                return 2;
        }
        try {
            ConsoleState state;
            if (show != null) {
                state = loadShow(show);
                if (state == null) return 2;
            } else {
                state = new ConsoleState(ParamRegistry.forLayout(OfflineRenderer.layoutFor(inputs)));
            }
            ParamRegistry registry = state.registry();
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    err.println("jackdesk render: --set needs PATH=VALUE, got '" + s + "'");
                    return 2;
                }
                state.set(s.substring(0, eq).trim(), s.substring(eq + 1).trim(), "cli");
            }
            boolean showProgress = !json && System.console() != null;
            long[] lastPct = {-1};
            OfflineRenderer.Summary sum = OfflineRenderer.render(registry, state.copyValues(), inputs, out, fmt,
                    showProgress ? (done, total) -> {
                        long pct = total == 0 ? 100 : done * 100 / total;
                        if (pct != lastPct[0]) {
                            lastPct[0] = pct;
                            int bars = (int) (pct / 5);
                            err.print("\rrendering [" + "#".repeat(bars) + " ".repeat(20 - bars) + "] " + pct + "%");
                            if (done >= total) err.println();
                        }
                    } : null);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("output", sum.output().toString());
                m.put("sample_rate", sum.sampleRate());
                m.put("frames", sum.frames());
                m.put("duration_s", sum.seconds());
                List<Map<String, Object>> buses = new ArrayList<>();
                for (OfflineRenderer.BusLevel b : sum.buses()) {
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("bus", b.name());
                    bm.put("peak_dbfs", finiteOrNull(b.peakDbfs()));
                    bm.put("rms_dbfs", finiteOrNull(b.rmsDbfs()));
                    buses.add(bm);
                }
                m.put("buses", buses);
                System.out.println(new ObjectMapper().writeValueAsString(m));
            } else {
                System.out.printf("rendered %s: %.2f s at %d Hz%n", sum.output(), sum.seconds(), sum.sampleRate());
                for (OfflineRenderer.BusLevel b : sum.buses()) {
                    System.out.printf("  %-6s peak %7s dBFS  rms %7s dBFS%n", b.name(), fmtDb(b.peakDbfs()), fmtDb(b.rmsDbfs()));
                }
            }
            return 0;
        } catch (ParamException | RenderException | WavException e) {
            err.println("jackdesk render: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("jackdesk render: " + e.getMessage());
            return 2;
        }
    }

    /**
     * A console state from a show file (format "jackdesk-show": its configuration's layout and
     * values, then the show's values) or from a console configuration. Prints every problem with
     * its file position and returns null when the file is not usable.
     */
    private static ConsoleState loadShow(Path file) throws java.io.IOException, ParamException {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            System.err.println("jackdesk render: " + file + ": cannot read: " + org.jackdesk.config.ConfigJson.describe(e));
            return null;
        }
        try {
            boolean isShow = false;
            try {
                com.fasterxml.jackson.databind.JsonNode n = new ObjectMapper().readTree(text);
                isShow = n != null && n.isObject() && org.jackdesk.config.show.ShowJson.SHOW_FORMAT.equals(n.path("format").asText());
            } catch (java.io.IOException ignored) {
                // not JSON: the configuration reader below reports where it breaks
            }
            org.jackdesk.config.ConsoleConfig cfg;
            Map<String, Object> values = new LinkedHashMap<>();
            if (isShow) {
                // As at start-up: values out of their range are repaired, each said (docs/shows.md).
                org.jackdesk.config.show.ShowJson.Read read = org.jackdesk.config.show.ShowJson.readRepairing(file.toString(), text);
                for (org.jackdesk.config.ConfigProblem p : read.repairs()) System.err.println("jackdesk render: warning: " + p);
                org.jackdesk.config.show.Show s = read.show();
                cfg = s.config();
                values.putAll(cfg.values());
                values.putAll(s.values());
            } else {
                cfg = org.jackdesk.config.ConfigJson.read(file.toString(), text);
                values.putAll(cfg.values());
            }
            ConsoleState state = new ConsoleState(ParamRegistry.forLayout(cfg.toLayout()));
            for (Map.Entry<String, Object> v : values.entrySet()) state.set(v.getKey(), v.getValue(), "show");
            return state;
        } catch (org.jackdesk.config.ConfigException e) {
            for (org.jackdesk.config.ConfigProblem p : e.problems()) System.err.println("jackdesk render: " + p);
            return null;
        }
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
    }

    private static String fmtDb(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.2f", v) : "-inf";
    }
}
