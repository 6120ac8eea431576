package org.jackdesk.engine.master;

import java.nio.file.Path;
import java.util.OptionalDouble;
import org.jackdesk.engine.dsp.LoudnessMeter;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavReader;

/**
 * Offline loudness measurement of a WAV file (ITU-R BS.1770-4 / EBU R128) with {@link LoudnessMeter}.
 *
 * <p>Thread: worker (reads the file).
 */
public final class LoudnessAnalysis {
    /** One momentary block: shorter files cannot be measured. */
    public static final double MIN_SECONDS = 0.4;
    private static final int CHUNK = 8192;

    private LoudnessAnalysis() {}

    /** Measures {@code wav}; rejects files that are not WAV, unreadable, or shorter than 400 ms. */
    public static LoudnessReport analyze(Path wav) throws WavException {
        try (WavReader r = WavReader.open(wav)) {
            checkLength(r);
            LoudnessMeter m = new LoudnessMeter(r.channels());
            m.prepare(r.sampleRate(), CHUNK);
            float[][] buf = new float[r.channels()][CHUNK];
            for (int n; (n = r.read(buf, 0, CHUNK)) > 0; ) m.process(buf, 0, n);
            return report(wav, r, m);
        }
    }

    static void checkLength(WavReader r) throws WavException {
        if (r.durationSeconds() < MIN_SECONDS) {
            throw new WavException(r.file(), String.format(java.util.Locale.ROOT,
                    "too short to measure: %.3f s, loudness needs at least %.1f s", r.durationSeconds(), MIN_SECONDS));
        }
    }

    static LoudnessReport report(Path wav, WavReader r, LoudnessMeter m) {
        return new LoudnessReport(wav, r.sampleRate(), r.channels(), r.durationSeconds(),
                m.hasIntegrated() ? OptionalDouble.of(m.integratedLufs()) : OptionalDouble.empty(),
                m.loudnessRangeLu(), m.maxMomentaryLufs(), m.maxShortTermLufs(), m.truePeakDbtp(), m.samplePeakDbfs());
    }
}
