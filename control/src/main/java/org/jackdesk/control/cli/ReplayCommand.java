package org.jackdesk.control.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavWriter;
import org.jackdesk.engine.render.RenderException;
import org.jackdesk.engine.render.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jackdesk replay TAKE --out mix.wav}: a recorded take's inputs through the console offline
 * with the take's starting state and every logged move at its frame (docs/recording.md, "Replay");
 * says whether the result equals the take's main.wav, or by how much it differs.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a recorded take offline: its channel tracks through the console with the take's layout,",
                "starting state and every logged move at its frame; writes the main bus and compares it with the take's main.wav.",
                "Example: jackdesk replay recordings/2026-12-07_21-43-05 --set ch/3/eq/2/gain=-2 --from 41:10 --to 45:02 --out song4.wav"})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TAKE", description = "The take's folder (the one holding take.json and moves.jsonl).")
    Path take;

    @Option(names = "--out", required = true, paramLabel = "MIX.wav", description = "Output file (written only when the replay succeeds).")
    Path out;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Pin a parameter for the whole replay (its logged moves are skipped), e.g. ch/1/fader=-6. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--from", paramLabel = "POS", description = "Write from here: seconds (90, 90.5s), 1:30, 1:02:03.5, or frames (4320000f).")
    String from;

    @Option(names = "--to", paramLabel = "POS", description = "Write up to here (same forms as --from; default: the take's end).")
    String to;

    @Option(names = "--format", paramLabel = "pcm24|f32", description = "Output sample format (default: the take's own).")
    String format;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        WavWriter.Format fmt = null;
        if (format != null) {
            switch (format.toLowerCase(Locale.ROOT)) {
                case "pcm24": fmt = WavWriter.Format.PCM_24; break;
                case "f32": case "float": case "float32": fmt = WavWriter.Format.FLOAT_32; break;
                default:
                    err.println("jackdesk replay: unknown --format '" + format + "' (use pcm24 or f32)");
                    return 2;
            }
        }
        Map<String, String> pins = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                err.println("jackdesk replay: --set needs PATH=VALUE, got '" + s + "'");
                return 2;
            }
            pins.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        boolean showProgress = !json && System.console() != null;
        long[] lastPct = {-1};
        Replay.Result r;
        try {
            r = Replay.replay(take, out, new Replay.Options(pins, from, to, fmt), showProgress ? (done, total) -> {
                long pct = total == 0 ? 100 : done * 100 / total;
                if (pct != lastPct[0]) {
                    lastPct[0] = pct;
                    int bars = (int) (pct / 5);
                    err.print("\rreplaying [" + "#".repeat(bars) + " ".repeat(20 - bars) + "] " + pct + "%");
                    if (done >= total) err.println();
                }
            } : null);
        } catch (RenderException | WavException e) {
            err.println("jackdesk replay: " + e.getMessage());
            return 2;
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("output", r.output().toString());
            m.put("sample_rate", r.sampleRate());
            m.put("period_frames", r.periodFrames());
            m.put("from_frame", r.fromFrame());
            m.put("to_frame", r.toFrame());
            m.put("moves_applied", r.movesApplied());
            m.put("moves_pinned", r.movesPinned());
            m.put("commands", r.commands());
            if (r.main() != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("identical", r.main().identical());
                c.put("frames", r.main().frames());
                c.put("differing_samples", r.main().differingSamples());
                c.put("max_difference", r.main().maxDifference());
                c.put("max_difference_dbfs", Double.isFinite(r.main().maxDifferenceDbfs()) ? r.main().maxDifferenceDbfs() : null);
                c.put("first_different_frame", r.main().firstDifferentFrame());
                c.put("max_difference_frame", r.main().maxDifferenceFrame());
                m.put("main", c);
            } else {
                m.put("main", null);
            }
            m.put("warnings", r.warnings());
            System.out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            System.out.printf(Locale.ROOT, "replayed %s: %.3f s to %.3f s of the take at %d Hz (%d-frame cycles), %d moves applied%s%n",
                    r.output(), r.fromFrame() / (double) r.sampleRate(), r.toFrame() / (double) r.sampleRate(), r.sampleRate(),
                    r.periodFrames(), r.movesApplied(), r.movesPinned() > 0 ? ", " + r.movesPinned() + " skipped for --set" : "");
            Replay.Comparison c = r.main();
            if (c == null) {
                System.out.println("  the take has no main.wav to compare with");
            } else if (c.identical()) {
                System.out.printf(Locale.ROOT, "  equals the take's main.wav sample for sample (%d frames)%n", c.frames());
            } else {
                System.out.printf(Locale.ROOT, "  differs from the take's main.wav in %d of %d samples: largest %.1f dBFS at %.3f s,"
                                + " first at %.3f s%s%n", c.differingSamples(), 2 * c.frames(), c.maxDifferenceDbfs(),
                        c.maxDifferenceFrame() / (double) r.sampleRate(), c.firstDifferentFrame() / (double) r.sampleRate(),
                        pins.isEmpty() ? "" : " (--set changes the mix)");
            }
            for (String w : r.warnings()) System.out.println("  warning: " + w);
        }
        return 0;
    }
}
