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
 * @param albumSpreadLu    NaN, or album flow: each song's target is the target plus its own
 *                         distance from the album's loudness, kept up to ± this many LU (0.5 … 12)
 * @param chain            the console's main-chain parameters by address ({@code main/...}, registry
 *                         units: an enum by index, a switch 0/1), applied after {@code eq},
 *                         {@code compressor} and {@code widthPercent}: presets and {@code --set}
 */
public record MasteringSettings(double targetLufs, double ceilingDbtp, boolean album, double limiterReleaseMs,
                                Eq eq, Compressor compressor, double widthPercent, WavWriter.Format format,
                                java.util.Map<String, Double> chain, double albumSpreadLu) {
    public MasteringSettings {
        chain = java.util.Map.copyOf(chain);
    }

    /** As before the chain existed: no {@code main/...} parameters beyond eq, compressor and width. */
    public MasteringSettings(double targetLufs, double ceilingDbtp, boolean album, double limiterReleaseMs,
                             Eq eq, Compressor compressor, double widthPercent, WavWriter.Format format) {
        this(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, widthPercent, format, java.util.Map.of(), Double.NaN);
    }

    /** Album flow with differences kept up to ± {@code lu} (NaN: off). */
    public MasteringSettings withAlbumSpread(double lu) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, widthPercent, format, chain, lu);
    }

    /** The same with {@code values} (main-chain parameters by address) over the chain's. */
    public MasteringSettings withChain(java.util.Map<String, Double> values) {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>(chain);
        m.putAll(values);
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, widthPercent, format, m, albumSpreadLu);
    }

    /**
     * The whole chain as main-chain parameters by address: {@code eq}, {@code compressor} and
     * {@code widthPercent} in the console's addresses, then {@link #chain} over them.
     */
    public java.util.Map<String, Double> chainValues() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        Eq e = eq;
        boolean anyEq = e.lowCutHz() > 0 || e.highCutHz() > 0 || e.lowShelfDb() != 0 || e.highShelfDb() != 0
                || e.peak1Db() != 0 || e.peak2Db() != 0;
        m.put("main/eq/on", anyEq ? 1.0 : 0.0);
        m.put("main/eq/1/on", e.lowCutHz() > 0 ? 1.0 : 0.0);
        m.put("main/eq/1/freq", Math.max(10, e.lowCutHz()));
        m.put("main/eq/1/slope", e.lowCutSlope() >= 24 ? 1.0 : 0.0);
        m.put("main/eq/6/on", e.highCutHz() > 0 ? 1.0 : 0.0);
        m.put("main/eq/6/freq", Math.max(1000, e.highCutHz()));
        m.put("main/eq/6/slope", e.highCutSlope() >= 24 ? 1.0 : 0.0);
        double[][] bands = {{e.lowShelfHz(), e.lowShelfDb(), 0.7071}, {e.peak1Hz(), e.peak1Db(), e.peak1Q()},
                {e.peak2Hz(), e.peak2Db(), e.peak2Q()}, {e.highShelfHz(), e.highShelfDb(), 0.7071}};
        for (int k = 0; k < 4; k++) {
            String p = "main/eq/" + (k + 2) + "/";
            m.put(p + "on", bands[k][1] != 0 ? 1.0 : 0.0);
            m.put(p + "freq", bands[k][0]);
            m.put(p + "gain", bands[k][1]);
            m.put(p + "q", bands[k][2]);
        }
        Compressor c = compressor;
        m.put("main/comp/on", c.enabled() ? 1.0 : 0.0);
        m.put("main/comp/threshold", c.thresholdDb());
        m.put("main/comp/ratio", c.ratio());
        m.put("main/comp/knee", c.kneeDb());
        m.put("main/comp/attack", c.attackMs());
        m.put("main/comp/release", c.releaseMs());
        m.put("main/comp/autorelease", c.autoRelease() ? 1.0 : 0.0);
        m.put("main/comp/makeup", c.makeupDb());
        m.put("main/comp/mix", c.mixPercent());
        m.put("main/comp/schpf/on", c.sidechainHpfHz() >= 20 ? 1.0 : 0.0);
        m.put("main/comp/schpf/freq", Math.max(20, c.sidechainHpfHz()));
        m.put("main/width", widthPercent);
        m.putAll(chain);
        return m;
    }
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
        return new MasteringSettings(targetLufs, ceilingDbtp, on, limiterReleaseMs, eq, compressor, widthPercent, format, chain, albumSpreadLu);
    }

    public MasteringSettings withEq(Eq e) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, e, compressor, widthPercent, format, chain, albumSpreadLu);
    }

    public MasteringSettings withCompressor(Compressor c) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, c, widthPercent, format, chain, albumSpreadLu);
    }

    public MasteringSettings withWidthPercent(double w) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, w, format, chain, albumSpreadLu);
    }

    public MasteringSettings withFormat(WavWriter.Format f) {
        return new MasteringSettings(targetLufs, ceilingDbtp, album, limiterReleaseMs, eq, compressor, widthPercent, f, chain, albumSpreadLu);
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
        if (!Double.isNaN(albumSpreadLu) && !(albumSpreadLu >= 0.5 && albumSpreadLu <= 12)) {
            throw new IllegalArgumentException("album spread " + fmt(albumSpreadLu) + " LU is outside 0.5 .. 12 LU");
        }
        if (album && !Double.isNaN(albumSpreadLu)) {
            throw new IllegalArgumentException("--album keeps every difference between the songs (one gain for all),"
                    + " --album-spread keeps them up to a limit: choose one");
        }
        if (!(limiterReleaseMs >= 1 && limiterReleaseMs <= 2000)) {
            throw new IllegalArgumentException("limiter release " + fmt(limiterReleaseMs) + " ms is outside 1 .. 2000 ms");
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
