package org.jackdesk.engine.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.dsp.LoudnessMeter;
import org.jackdesk.engine.dsp.TruePeakLimiter;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavReader;
import org.jackdesk.engine.io.WavWriter;
import org.jackdesk.engine.mix.OfflineMainChain;

/**
 * Offline mastering: MainEq -> BusCompressor -> StereoWidth -> gain -> TruePeakLimiter, with the
 * gain chosen so that the result reaches the target integrated loudness.
 *
 * <p>How the gain is found: one pass measures the loudness after the (level-independent part of
 * the) chain, before the gain and limiter; the first gain guess is target minus that. Limiting
 * takes some loudness away, so further passes run the whole chain, measure the output and correct
 * the gain by the shortfall, until it is within {@link #TOLERANCE_LU} (at most {@link #MAX_PASSES}
 * passes; a ceiling too low for the target leaves a shortfall that the result reports). The final
 * pass writes. In album mode the same passes run over all songs as one programme, one gain for all.
 *
 * <p>Output: every file is written through {@link WavWriter} and committed only after every song
 * rendered without error, so a failure leaves no partial output. The chain is the console's main
 * chain ({@link OfflineMainChain}: EQ, multiband, bus compressor, transient shaper, width) set from
 * {@link MasteringSettings#chainValues()}; mono files skip the width stage.
 *
 * <p>Thread: worker (disk I/O, CPU heavy); not for the audio thread.
 */
public final class Mastering {
    public static final double TOLERANCE_LU = 0.1;
    public static final int MAX_PASSES = 4;
    private static final int BLOCK = 4096;

    /** Progress to a UI or stderr: {@code fraction} of the whole job, 0..1. */
    @FunctionalInterface
    public interface Progress {
        void update(String stage, Path file, double fraction);

        Progress NONE = (s, f, x) -> { };
    }

    /** One song's result. */
    /** One song's result; {@code analysis}: crest factors, spectra and the stages' gains over time (the report's). */
    public record SongResult(Path input, Path output, LoudnessReport before, LoudnessReport after, double gainDb,
                             SongAnalysis analysis, double targetLufs) {}

    private Mastering() {}

    /**
     * Masters {@code inputs} into {@code outDir} (same file names). Checks everything it can
     * before writing: settings, the output folder, every input (readable WAV, at least 400 ms, not
     * silent) and that no output would overwrite its own input.
     */
    public static List<SongResult> master(List<Path> inputs, Path outDir, MasteringSettings s, Progress progress)
            throws WavException, IOException {
        s.validate();
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input files");
        if (!Files.isDirectory(outDir)) throw new IOException("output folder does not exist: " + outDir);
        if (!Files.isWritable(outDir)) throw new IOException("output folder is not writable: " + outDir);
        List<Path> outputs = new ArrayList<>();
        for (Path in : inputs) {
            Path out = outDir.resolve(in.getFileName());
            if (Files.exists(out) && Files.isSameFile(in, out)) {
                throw new IOException(in + ": output would overwrite the input; choose another --out folder");
            }
            if (outputs.contains(out.toAbsolutePath().normalize())) {
                throw new IOException(in + ": two inputs share the file name " + in.getFileName());
            }
            outputs.add(out.toAbsolutePath().normalize());
        }
        int songs = inputs.size();
        List<LoudnessReport> before = new ArrayList<>();
        for (int i = 0; i < songs; i++) {
            progress.update("measure", inputs.get(i), (double) i / songs * 0.2);
            LoudnessReport r = LoudnessAnalysis.analyze(inputs.get(i));
            if (r.integratedLufs().isEmpty() && !s.album()) {
                throw new WavException(inputs.get(i), "silent (no block above -70 LUFS): nothing to normalise");
            }
            before.add(r);
        }
        if (before.stream().allMatch(r -> r.integratedLufs().isEmpty())) {
            throw new WavException(inputs.get(0), "every song is silent (no block above -70 LUFS): nothing to normalise");
        }
        double[] gains = new double[songs];
        double[] targets = new double[songs];
        java.util.Arrays.fill(targets, s.targetLufs());
        if (!Double.isNaN(s.albumSpreadLu())) {
            // Album flow: each song keeps its distance from the album's loudness (all songs as one
            // programme, through the chain), up to the spread: a ballad stays a little softer than
            // the single, not 9 LU softer, and no song sits further than the spread from the target.
            double album = measure(inputs, s, Double.NaN);
            for (int i = 0; i < songs; i++) {
                double own = measure(List.of(inputs.get(i)), s, Double.NaN);
                double d = Double.isFinite(own) ? own - album : 0;
                targets[i] = s.targetLufs() + Math.max(-s.albumSpreadLu(), Math.min(s.albumSpreadLu(), d));
            }
        }
        if (s.album()) {
            double g = findGain(inputs, s, s.targetLufs(), progress, 0.2, 0.6);
            java.util.Arrays.fill(gains, g);
        } else {
            for (int i = 0; i < songs; i++) {
                gains[i] = findGain(List.of(inputs.get(i)), s, targets[i], progress, 0.2 + 0.6 * i / songs, 0.6 / songs);
            }
        }
        List<WavWriter> writers = new ArrayList<>();
        List<SongResult> results = new ArrayList<>();
        List<SongAnalysis> analyses = new ArrayList<>();
        try {
            for (int i = 0; i < songs; i++) {
                progress.update("write", inputs.get(i), 0.8 + 0.2 * i / songs);
                try (WavReader r = WavReader.open(inputs.get(i))) {
                    WavWriter w = WavWriter.create(outputs.get(i), r.sampleRate(), r.channels(), s.format());
                    writers.add(w);
                    analyses.add(render(r, s, gains[i], null, w));
                }
            }
            for (WavWriter w : writers) w.commit();
        } finally {
            for (WavWriter w : writers) w.close(); // deletes whatever was not committed
        }
        for (int i = 0; i < songs; i++) {
            results.add(new SongResult(inputs.get(i), outputs.get(i), before.get(i),
                    LoudnessAnalysis.analyze(outputs.get(i)), gains[i], analyses.get(i), targets[i]));
        }
        progress.update("done", null, 1.0);
        return results;
    }

    /** Gain (dB, before the limiter) that brings {@code songs}, as one programme, to {@code target}. */
    private static double findGain(List<Path> songs, MasteringSettings s, double target, Progress progress, double from, double span)
            throws WavException {
        double pre = measure(songs, s, Double.NaN);
        double gain = target - pre;
        for (int pass = 1; pass < MAX_PASSES; pass++) {
            progress.update("gain pass " + pass, songs.get(0), from + span * pass / MAX_PASSES);
            double out = measure(songs, s, gain);
            double err = target - out;
            if (Math.abs(err) <= TOLERANCE_LU * 0.5) break;
            gain += err;
        }
        return gain;
    }

    /**
     * Integrated loudness of the chain's output over all {@code songs} as one programme;
     * {@code gainDb} NaN measures before gain and limiter.
     */
    private static double measure(List<Path> songs, MasteringSettings s, double gainDb) throws WavException {
        LoudnessMeter meter = null;
        for (Path p : songs) {
            try (WavReader r = WavReader.open(p)) {
                if (meter == null) {
                    meter = new LoudnessMeter(r.channels());
                    meter.prepare(r.sampleRate(), BLOCK);
                } else if (meter.channels() != r.channels() || meter.sampleRate() != r.sampleRate()) {
                    // album of mixed formats: measure the energy per song with the right filters
                    throw new WavException(p, "album mode needs the same sample rate and channel count in every song ("
                            + r.sampleRate() + " Hz/" + r.channels() + " ch differs from the first song)");
                }
                render(r, s, gainDb, meter, null);
            }
        }
        if (!meter.hasIntegrated()) throw new WavException(songs.get(0), "silent after processing: nothing to normalise");
        return meter.integratedLufs();
    }

    /**
     * Runs one file through the chain into {@code meter} and/or {@code out}; writing, it also
     * analyses the song for the report (null otherwise).
     */
    private static SongAnalysis render(WavReader r, MasteringSettings s, double gainDb, LoudnessMeter meter, WavWriter out)
            throws WavException {
        int ch = r.channels();
        float fs = r.sampleRate();
        // The console's own main chain (EQ, multiband, bus compressor, transient shaper, width), set
        // from the same main/... addresses; a mono song runs as identical channels (width cannot
        // act on it: no side) and its first is written.
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>(s.chainValues());
        if (ch == 1) values.put("main/width", 100.0);
        OfflineMainChain chain = new OfflineMainChain(values, fs, BLOCK);
        float[][] stereo = ch == 2 ? null : new float[2][BLOCK];
        List<String> stages = new ArrayList<>(chain.stageNames());
        stages.add("limiter");
        SongAnalysis.Collector analysis = out == null ? null : new SongAnalysis.Collector(fs, stages);
        double[] stageDb = new double[stages.size()];
        boolean limit = !Double.isNaN(gainDb);
        TruePeakLimiter lim = new TruePeakLimiter(ch);
        lim.setCeilingDbtp((float) s.ceilingDbtp());
        lim.setReleaseMs((float) s.limiterReleaseMs());
        lim.prepare(fs, BLOCK);
        float gain = limit ? (float) Dsp.dbToGain(gainDb) : 1f;
        int latency = limit ? lim.latencyFrames() : 0;
        float[][] buf = new float[ch][BLOCK];
        long total = r.frames() + latency; // run the limiter's latency out with silence
        long done = 0;
        long skip = latency; // and drop as many frames at the start so the output lines up
        while (done < total) {
            int n = r.read(buf, 0, BLOCK);
            if (n == 0) {
                n = (int) Math.min(BLOCK, total - done);
                for (float[] c : buf) java.util.Arrays.fill(c, 0, n, 0f);
            }
            done += n;
            if (analysis != null && done <= r.frames()) analysis.input(buf, 0, n);
            else if (analysis != null && done - n < r.frames()) analysis.input(buf, 0, (int) (r.frames() - (done - n)));
            if (stereo == null) {
                chain.process(buf, n);
            } else {
                System.arraycopy(buf[0], 0, stereo[0], 0, n);
                System.arraycopy(buf[0], 0, stereo[1], 0, n);
                chain.process(stereo, n);
                System.arraycopy(stereo[0], 0, buf[0], 0, n);
            }
            if (limit) {
                if (gain != 1f) for (float[] c : buf) for (int i = 0; i < n; i++) c[i] *= gain;
                lim.process(buf, 0, n);
            }
            if (analysis != null) {
                chain.stageGainsDb(stageDb);
                stageDb[stageDb.length - 1] = limit ? lim.gainReductionDb() : 0;
                analysis.stages(done, stageDb);
            }
            int from = (int) Math.min(skip, n);
            skip -= from;
            if (from < n) {
                if (meter != null) meter.process(buf, from, n - from);
                if (out != null) out.write(buf, from, n - from);
                if (analysis != null) analysis.output(buf, from, n - from);
            }
        }
        return analysis == null ? null : analysis.result();
    }
}
