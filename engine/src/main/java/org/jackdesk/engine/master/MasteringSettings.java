package org.jackdesk.engine.master;

import org.jackdesk.engine.io.WavWriter;

/**
 * Everything {@link Mastering} needs, in user units. Builders: {@link #defaults(double, double)}
 * and the {@code with...} methods; {@link #validate()} gives precise messages.
 *
 * @param targetLufs       integrated loudness of the result, -40 .. 0 LUFS
 * @param ceilingDbtp      limiter ceiling, -6 .. -0.1 dBTP
 * @param album            one gain for all songs (their relative levels stay)
 * @param limiterReleaseMs limiter release
 * @param eq               main EQ bands (all off by default)
 * @param compressor       bus compressor (off by default)
 * @param widthPercent     stereo width, 0 .. 200 (100 = untouched)
 * @param format           output sample format (24-bit PCM by default)
 */
public record MasteringSettings(double targetLufs, double ceilingDbtp, boolean album, double limiterReleaseMs,
                                Eq eq, Compressor compressor, double widthPercent, WavWriter.Format format) {
    public static final double MIN_TARGET = -40, MAX_TARGET = 0;
    public static final double MIN_CEILING = -6, MAX_CEILING = -0.1;

    /** Main EQ settings; a frequency of 0 switches a cut off, a gain of 0 a shelf or peak. */
    public record Eq(double lowCutHz, int lowCutSlope, double highCutHz, int highCutSlope,
                     double lowShelfHz, double lowShelfDb, double highShelfHz, double highShelfDb,
                     double peak1Hz, double peak1Db, double peak1Q, double peak2Hz, double peak2Db, double peak2Q) {
        public static Eq flat() {
            return new Eq(0, 12, 0, 12, 100, 0, 8000, 0, 400, 0, 1, 3000, 0, 1);
        }
    }

    /** Bus compressor settings. */
    public record Compressor(boolean enabled, double thresholdDb, double ratio, double kneeDb, double attackMs,
                             double releaseMs, boolean autoRelease, double makeupDb, double mixPercent,
                             double sidechainHpfHz) {
        public static Compressor off() {
            return new Compressor(false, -18, 2, 6, 10, 200, true, 0, 100, 80);
        }
    }

    public static MasteringSettings defaults(double targetLufs, double ceilingDbtp) {
        return new MasteringSettings(targetLufs, ceilingDbtp, false, 50, Eq.flat(), Compressor.off(), 100,
                WavWriter.Format.PCM_24);
    }

    public MasteringSettings withAlbum(boolean on) {
        return new MasteringSettings(targetLufs, ceilingDbtp, on, limiterReleaseMs, eq, compressor, widthPercent, format);
    }

    public MasteringSettings withEq(Eq e) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, e, compressor, widthPercent, format);
    }

    public MasteringSettings withCompressor(Compressor c) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, c, widthPercent, format);
    }

    public MasteringSettings withWidthPercent(double w) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, w, format);
    }

    public MasteringSettings withFormat(WavWriter.Format f) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, widthPercent, f);
    }

    /** Throws {@link IllegalArgumentException} with a message a user can act on. */
    public void validate() {
        if (!(targetLufs >= MIN_TARGET && targetLufs <= MAX_TARGET)) {
            throw new IllegalArgumentException("target " + fmt(targetLufs) + " LUFS is outside -40 .. 0 LUFS");
        }
        if (!(ceilingDbtp >= MIN_CEILING && ceilingDbtp <= MAX_CEILING)) {
            throw new IllegalArgumentException("ceiling " + fmt(ceilingDbtp) + " dBTP is outside -6 .. -0.1 dBTP");
        }
        if (!(widthPercent >= 0 && widthPercent <= 200)) {
            throw new IllegalArgumentException("width " + fmt(widthPercent) + " % is outside 0 .. 200 %");
        }
        if (!(limiterReleaseMs >= 1 && limiterReleaseMs <= 2000)) {
            throw new IllegalArgumentException("limiter release " + fmt(limiterReleaseMs) + " ms is outside 1 .. 2000 ms");
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
