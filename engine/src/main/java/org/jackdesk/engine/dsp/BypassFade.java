package org.jackdesk.engine.dsp;

/**
 * The bypass switch of a processor: a 10 ms linear crossfade between the dry input and the
 * processed output, so switching never clicks. out = dry + m·(wet − dry), m ramping 0↔1.
 *
 * <p>Thread: audio; {@link #setEnabled} from its processor's setter (the package's DSP contract),
 * picked up at the next sub-block.
 */
final class BypassFade {
    static final float FADE_MS = 10f;
    /** The processor runs fully; no dry copy needed. */
    static final int WET = 0;
    /** Fully bypassed: the processor does not touch the signal. */
    static final int BYPASS = 1;
    /** Crossfading: save the dry signal, process, then mix. */
    static final int FADE = 2;

    private final Ramp mix = new Ramp(FADE_MS, 1f);
    private boolean enabled = true;
    private float[][] dry;

    void prepare(float sampleRate, int channels, int maxFrames) {
        mix.prepare(sampleRate);
        dry = new float[channels][Math.min(maxFrames, Dsp.SUB_BLOCK)];
        mix.snap(enabled ? 1f : 0f);
    }

    void setEnabled(boolean on) {
        enabled = on;
    }

    boolean isEnabled() {
        return enabled;
    }

    /** Called at the start of every sub-block; returns {@link #WET}, {@link #BYPASS} or {@link #FADE}. */
    int begin() {
        mix.setTarget(enabled ? 1f : 0f);
        if (mix.isRamping()) return FADE;
        return mix.current() == 0f ? BYPASS : WET;
    }

    void saveDry(float[][] bufs, int channels, int off, int n) {
        for (int c = 0; c < channels; c++) System.arraycopy(bufs[c], off, dry[c], 0, n);
    }

    /** Mixes the saved dry signal into the processed one and advances the fade by {@code n}. */
    void mix(float[][] bufs, int channels, int off, int n) {
        for (int c = 0; c < channels; c++) Crossfade.mix(dry[c], 0, bufs[c], off, bufs[c], off, n, mix);
        mix.skip(n);
    }

    void reset() {
        mix.snap(enabled ? 1f : 0f);
    }
}
