package org.jackdesk.engine.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.record.ControlLog;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavReader;
import org.jackdesk.engine.io.WavWriter;

/**
 * Replays a recorded take offline (docs/recording.md, "Replay"): the take's channel input tracks
 * run through an {@link Engine} of the take's layout, sample rate and strip groups, started at the
 * control log's starting state, with every logged move and command applied at its frame, in cycles
 * of the live period, so the engine sees what it saw live. The main bus is written as a stereo WAV
 * and compared with the take's {@code main.wav} over the same frames: equal, or the largest
 * difference and where.
 *
 * <p>{@code sets} pin parameters for the whole replay (the starting state takes the value, the
 * logged moves of those addresses are skipped); {@code from}/{@code to} choose the frames written
 * — the engine still runs from the take's first frame, so every processor's state and every value
 * at {@code from} is what it was live.
 *
 * <p>Thread: any (it runs the engine on the calling thread, as a backend would).
 */
public final class Replay {
    /**
     * How to replay. {@code sets}: address → value as on the command line ({@code -6}, {@code true},
     * a choice's name, {@code -inf}); {@code from}/{@code to}: a time ({@code 90}, {@code 90.5s},
     * {@code 1:30}, {@code 1:02:03.5}) or a frame count ({@code 4320000f}); null for the take's start or end;
     * {@code format} null for the take's own sample format.
     */
    public record Options(Map<String, String> sets, String from, String to, WavWriter.Format format) {
        public Options {
            sets = sets == null ? Map.of() : new LinkedHashMap<>(sets);
        }

        public static Options defaults() {
            return new Options(Map.of(), null, null, null);
        }
    }

    /**
     * The replay against the take's {@code main.wav} over the written frames: samples compared (per
     * side), how many differ, the largest difference (in full-scale units) and the first frame and
     * the frame of the largest, relative to the take's start (-1 when none differs).
     */
    public record Comparison(long frames, long differingSamples, double maxDifference, long firstDifferentFrame,
                             long maxDifferenceFrame) {
        public boolean identical() {
            return differingSamples == 0;
        }

        /** The largest difference in dBFS, −∞ when identical. */
        public double maxDifferenceDbfs() {
            return maxDifference <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(maxDifference);
        }
    }

    /**
     * What a replay did: the frames written ({@code fromFrame} inclusive to {@code toFrame}
     * exclusive, take-relative), the moves applied and those skipped for {@code sets}, the
     * comparison with {@code main.wav} (null when the take has none), and why the replay may not
     * equal the recording (dropped blocks, lost moves, a log that did not end).
     */
    public record Result(Path output, int sampleRate, int periodFrames, long fromFrame, long toFrame, long movesApplied,
                         long movesPinned, long commands, Comparison main, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private Replay() {
    }

    /**
     * Replays the take in folder {@code take} into {@code output} (written only when the replay
     * completes). Every problem with the take, its log or the options is a {@link RenderException}
     * (or a {@link WavException} for a track or the output) naming the file, and the line of the log.
     */
    public static Result replay(Path take, Path output, Options options, OfflineRenderer.Progress progress)
            throws RenderException, WavException {
        if (!Files.isDirectory(take)) throw new RenderException(take + ": no such take folder");
        TakeManifest m;
        try {
            m = TakeManifest.read(take);
        } catch (IOException e) {
            throw new RenderException(e.getMessage());
        }
        String logName = m.controlLog();
        if (logName == null) {
            throw new RenderException(take.resolve(TakeManifest.FILE) + ": the take has no control log (it was recorded"
                    + " before jackdesk logged the moves), so there is nothing to replay");
        }
        if (logName.isBlank() || logName.contains("/") || logName.contains("\\")) {
            throw new RenderException(take.resolve(TakeManifest.FILE) + ": controlLog '" + logName + "' is not a file name in the take");
        }
        ParamRegistry reg = ParamRegistry.forLayout(m.layout());
        List<String> warnings = new ArrayList<>();
        try (ControlLog.Reader log = ControlLog.Reader.open(take.resolve(logName))) {
            return run(take, output, options, progress, m, reg, log, warnings);
        } catch (IOException e) {
            throw new RenderException(e.getMessage());
        }
    }

    private static Result run(Path take, Path output, Options options, OfflineRenderer.Progress progress, TakeManifest m,
                              ParamRegistry reg, ControlLog.Reader log, List<String> warnings)
            throws RenderException, WavException, IOException {
        ControlLog.Header h = log.header();
        int rate = m.sampleRate();
        if (h.sampleRate() != rate) {
            throw new RenderException(log.file() + ":1: sample rate " + h.sampleRate() + " Hz, but the take's is " + rate + " Hz");
        }
        if (h.stripGroups() != 1 && h.stripGroups() != 2) {
            throw new RenderException(log.file() + ":1: stripGroups " + h.stripGroups() + " (1 or 2)");
        }
        Map<String, Param> byPath = new HashMap<>();
        for (Param p : reg.all()) byPath.put(p.path(), p);

        double[] values = new double[reg.size()];
        for (Param p : reg.all()) values[p.slot()] = p.defaultValue();
        int missing = reg.size();
        for (Map.Entry<String, Float> e : log.state().entrySet()) {
            Param p = param(byPath, reg, log.file(), 2, e.getKey());
            values[p.slot()] = checked(p, e.getValue(), log.file(), 2);
            missing--;
        }
        if (missing > 0) warnings.add(missing + " parameters are not in the log's starting state (an older console): they start at their defaults");

        boolean[] pinned = new boolean[reg.size()];
        if (!options.sets().isEmpty()) {
            ConsoleState state = new ConsoleState(reg);
            for (Map.Entry<String, String> s : options.sets().entrySet()) {
                Param p;
                double v;
                try {
                    p = reg.require(s.getKey().trim());
                    v = state.set(p.path(), s.getValue().trim(), "replay");
                } catch (ParamException e) {
                    throw new RenderException("--set " + s.getKey() + "=" + s.getValue() + ": " + e.getMessage());
                }
                values[p.slot()] = v;
                pinned[p.slot()] = true;
            }
        }

        Layout layout = m.layout();
        List<WavReader> readers = new ArrayList<>();
        WavReader main = null;
        try {
            long total = Long.MAX_VALUE;
            for (int c = 0; c < layout.channels().size(); c++) {
                TakeManifest.Track t = track(m, "ch/" + (c + 1));
                if (t == null) throw new RenderException(take.resolve(TakeManifest.FILE) + ": no track of ch/" + (c + 1));
                Path file = take.resolve(t.file());
                if (sameFile(file, output)) throw new RenderException("--out " + output + " would overwrite the take's " + t.file());
                WavReader r = WavReader.open(file);
                readers.add(r);
                int want = layout.channels().get(c).stereo() ? 2 : 1;
                if (r.channels() != want || r.sampleRate() != rate) {
                    throw new RenderException(file + ": " + r.channels() + " channels at " + r.sampleRate() + " Hz, but ch/" + (c + 1)
                            + " of the take is " + (want == 2 ? "stereo" : "mono") + " at " + rate + " Hz");
                }
                total = Math.min(total, r.frames());
            }
            if (readers.isEmpty()) throw new RenderException(take.resolve(TakeManifest.FILE) + ": the take has no channels");
            if (m.ended() != null && m.frames() < total) total = m.frames();
            if (m.ended() == null) warnings.add("the take did not end cleanly (take.json has no end): replaying the "
                    + total + " frames every track holds");
            TakeManifest.Track mt = track(m, "main");
            if (mt != null && Files.exists(take.resolve(mt.file()))) {
                if (sameFile(take.resolve(mt.file()), output)) throw new RenderException("--out " + output + " would overwrite the take's " + mt.file());
                main = WavReader.open(take.resolve(mt.file()));
                if (main.channels() != 2) throw new RenderException(main.file() + ": " + main.channels() + " channels, not 2");
            }
            long from = options.from() == null ? 0 : frameOf(options.from(), rate, "--from");
            long to = options.to() == null ? total : frameOf(options.to(), rate, "--to");
            if (to > total) {
                throw new RenderException("--to " + options.to() + " is past the take's end (" + seconds(total, rate) + ")");
            }
            if (from >= to) {
                throw new RenderException("--from " + (options.from() == null ? "0" : options.from()) + " is not before --to "
                        + (options.to() == null ? "(the take's end, " + seconds(total, rate) + ")" : options.to()));
            }
            if (m.droppedBlocks() > 0) {
                warnings.add("the take dropped " + m.droppedBlocks() + " blocks (" + m.droppedFrames() + " frames) while recording:"
                        + " the tracks miss what the engine processed then, so the replay cannot equal main.wav from the first drop on");
            }
            WavWriter.Format format = options.format() != null ? options.format()
                    : "float32".equals(m.sampleFormat()) ? WavWriter.Format.FLOAT_32 : WavWriter.Format.PCM_24;
            return render(reg, values, pinned, byPath, h, log, readers, main, from, to, output, format, progress, warnings, rate);
        } finally {
            for (WavReader r : readers) r.close();
            if (main != null) main.close();
        }
    }

    private static Result render(ParamRegistry reg, double[] values, boolean[] pinned, Map<String, Param> byPath,
                                 ControlLog.Header h, ControlLog.Reader log, List<WavReader> readers, WavReader main, long from,
                                 long to, Path output, WavWriter.Format format, OfflineRenderer.Progress progress,
                                 List<String> warnings, int rate) throws RenderException, WavException, IOException {
        Layout layout = reg.layout();
        int period = h.periodFrames();
        Engine engine = new Engine(reg, rate, values, new Engine.Threading(h.stripGroups(), false));
        try (WavWriter w = WavWriter.create(output, rate, 2, format)) {
            float[][] in = new float[layout.inputCount()][period];
            float[][] out = new float[engine.outputPortNames().size()][period];
            float[][] file = new float[2][period];
            float[][] heard = new float[2][period];
            float[][] mainOut = {out[0], out[1]};
            boolean mainFloat = main != null && main.isFloat();
            int mainBits = main == null ? 0 : main.bitsPerSample();
            long applied = 0, skipped = 0, commands = 0;
            long compared = 0, differing = 0, firstDiff = -1, maxAt = -1;
            double maxDiff = 0;
            ControlLog.Entry next = log.next();
            long f = 0;
            while (f < to) {
                while (next != null && next.frame() <= f) {
                    if (next instanceof ControlLog.Move mv) {
                        Param p = param(byPath, reg, log.file(), mv.line(), mv.path());
                        double v = checked(p, mv.value(), log.file(), mv.line());
                        if (pinned[p.slot()]) {
                            skipped++;
                        } else {
                            engine.setParam(p.slot(), v);
                            applied++;
                        }
                    } else {
                        ControlLog.Command c = (ControlLog.Command) next;
                        EngineCommand cmd;
                        try {
                            cmd = EngineCommand.valueOf(c.name());
                        } catch (IllegalArgumentException e) {
                            throw new RenderException(log.file() + ":" + c.line() + ": unknown engine command '" + c.name() + "'");
                        }
                        if (!engine.command(cmd)) {
                            throw new RenderException(log.file() + ":" + c.line() + ": more commands in one cycle than the engine queues");
                        }
                        commands++;
                    }
                    next = log.next();
                }
                // Cycles of the live period; a move logged inside one (never, from the recorder) splits it.
                int n = (int) Math.min(period, to - f);
                if (next != null && next.frame() < f + n) n = (int) (next.frame() - f);
                int base = 0;
                for (int c = 0; c < readers.size(); c++) {
                    int chs = readers.get(c).channels();
                    int got = readers.get(c).read(file, 0, n);
                    for (int k = 0; k < chs; k++) {
                        System.arraycopy(file[k], 0, in[base + k], 0, got);
                        java.util.Arrays.fill(in[base + k], got, n, 0f);
                    }
                    base += chs;
                }
                for (; base < in.length; base++) java.util.Arrays.fill(in[base], 0, n, 0f); // a talkback port: not recorded
                engine.process(in, out, n);
                int got = main == null ? 0 : main.read(heard, 0, n);
                long start = Math.max(from, f);
                if (start < f + n) {
                    int off = (int) (start - f), len = (int) (f + n - start);
                    w.write(mainOut, off, len);
                    for (int i = off; i < Math.min(off + len, got); i++) {
                        compared++;
                        for (int side = 0; side < 2; side++) {
                            float mine = asWritten(out[side][i], mainFloat, mainBits);
                            if (mine != heard[side][i]) {
                                double d = Math.abs((double) mine - heard[side][i]);
                                differing++;
                                if (firstDiff < 0) firstDiff = f + i;
                                if (d > maxDiff) {
                                    maxDiff = d;
                                    maxAt = f + i;
                                }
                            }
                        }
                    }
                }
                f += n;
                if (progress != null) progress.update(f, to);
            }
            w.commit();
            // The rest of the log, for its end line (lost moves) and to check it all.
            while (next != null) next = log.next();
            ControlLog.End end = log.end();
            if (end == null) {
                warnings.add(log.file() + " has no end line: the take did not end cleanly, moves after its last flush are missing");
            } else if (end.lostMoves() > 0) {
                warnings.add("the recorder lost " + end.lostMoves() + " moves (its ring was full): the replay cannot equal the recording");
            }
            Comparison cmp = main == null ? null : new Comparison(compared, differing, maxDiff, firstDiff, maxAt);
            return new Result(output, rate, period, from, to, applied, skipped, commands, cmp, warnings);
        } finally {
            engine.close();
        }
    }

    /** A rendered sample as {@code main.wav} holds it: a float as is, PCM rounded as the writers round. */
    private static float asWritten(float x, boolean isFloat, int bits) {
        if (isFloat || bits == 0) return Float.isFinite(x) ? x : 0f;
        double scale = bits == 16 ? 32768.0 : 8388608.0;
        double v = Math.rint(x * scale);
        if (v >= scale - 1) v = scale - 1;
        else if (v <= -scale) v = -scale;
        else if (v != v) v = 0;
        return (float) (v / scale);
    }

    private static Param param(Map<String, Param> byPath, ParamRegistry reg, Path file, int line, String path) throws RenderException {
        Param p = byPath.get(path);
        if (p != null) return p;
        String hint;
        try {
            reg.require(path);
            hint = "";
        } catch (ParamException e) {
            hint = ": " + e.getMessage();
        }
        throw new RenderException(file + ":" + line + ": unknown parameter '" + path + "' for the take's layout" + hint);
    }

    private static double checked(Param p, float v, Path file, int line) throws RenderException {
        try {
            p.check(v);
        } catch (ParamException e) {
            throw new RenderException(file + ":" + line + ": " + e.getMessage());
        }
        return v;
    }

    private static TakeManifest.Track track(TakeManifest m, String source) {
        for (TakeManifest.Track t : m.tracks()) if (t.source().equals(source)) return t;
        return null;
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static String seconds(long frames, int rate) {
        return String.format(Locale.ROOT, "%.3f s", frames / (double) rate);
    }

    /**
     * A position: seconds ({@code 90}, {@code 90.5}, {@code 90.5s}), minutes and seconds
     * ({@code 1:30}, {@code 1:02:03.5}) or frames ({@code 4320000f}), as a take-relative frame.
     */
    public static long frameOf(String text, int rate, String option) throws RenderException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("f")) {
                long f = Long.parseLong(t.substring(0, t.length() - 1));
                if (f < 0) throw new NumberFormatException();
                return f;
            }
            if (t.endsWith("s")) t = t.substring(0, t.length() - 1);
            double secs = 0;
            for (String part : t.split(":", -1)) {
                if (part.isEmpty() || !part.matches("[0-9]*\\.?[0-9]*")) throw new NumberFormatException();
                secs = secs * 60 + Double.parseDouble(part);
            }
            if (t.split(":").length > 3 || !(secs >= 0) || Double.isInfinite(secs)) throw new NumberFormatException();
            return Math.round(secs * rate);
        } catch (NumberFormatException e) {
            throw new RenderException(option + " " + text + ": not a position (seconds like 90 or 90.5s, minutes like 1:30"
                    + " or 1:02:03.5, or frames like 4320000f)");
        }
    }
}
