package org.jackdesk.engine.mix;

import java.util.Map;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;

/**
 * The console's main-bus chain for offline mastering ({@code jackdesk master}): the same
 * {@link MainChain} the live console runs — EQ, multiband, bus compressor, transient shaper,
 * width — set from the same {@code main/...} addresses, without its limiter (mastering applies its
 * loudness gain before its own limiter) and without its loudness meter.
 *
 * <p>Thread: one worker; allocates only in the constructor.
 */
public final class OfflineMainChain {
    /** The registry the addresses resolve in: the main chain's parameters exist on every layout. */
    public static final ParamRegistry REGISTRY = ParamRegistry.forLayout(Layout.of(1, 0, 0, 0));

    private final MainChain chain;

    /**
     * @param values main-chain parameters by address, in registry units (an enum by its index, a
     *               switch 0 or 1); the rest keep their defaults. {@code main/limiter/...} is ignored.
     * @throws IllegalArgumentException for an address that is not a {@code main/} parameter
     */
    public OfflineMainChain(Map<String, Double> values, float sampleRate, int maxFrames) {
        double[] d = new org.jackdesk.config.ConsoleState(REGISTRY).copyValues();
        float[] t = new float[d.length];
        for (int i = 0; i < d.length; i++) t[i] = (float) d[i];
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String path = e.getKey();
            if (!path.startsWith("main/") || REGISTRY.find(path) == null) {
                throw new IllegalArgumentException("'" + path + "' is not a parameter of the main chain (main/...)");
            }
            t[REGISTRY.slot(path)] = e.getValue().floatValue();
        }
        t[REGISTRY.slot("main/limiter/on")] = 0f;
        chain = new MainChain(REGISTRY);
        chain.prepare(sampleRate, maxFrames);
        chain.pull(t, true); // snap: the stages start at the settings, as in a freshly built engine
    }

    /** The stages {@link #stageGainsDb} reports, in chain order: each multiband band, the bus compressor, the transient shaper. */
    public java.util.List<String> stageNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int b = 1; b <= chain.multibandBands(); b++) names.add("multiband " + b);
        names.add("bus compressor");
        names.add("transient shaper");
        return names;
    }

    /** Each stage's gain at the end of the last {@link #process}, dB, into {@code out} (as {@link #stageNames}). */
    public void stageGainsDb(double[] out) {
        chain.stageGainsDb(out);
    }

    /** Processes {@code bufs[0..2)[0..n)} in place (n ≤ maxFrames). */
    public void process(float[][] bufs, int n) {
        chain.processWithoutLimiter(bufs, n);
    }
}
