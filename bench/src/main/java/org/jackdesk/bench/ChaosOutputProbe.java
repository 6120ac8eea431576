package org.jackdesk.bench;

import org.jackdesk.engine.AudioProcessor;

/**
 * Reads the console's main outputs over JACK, as a recorder patched to them would: frames read,
 * the peak, and how many samples were not finite. Thread: {@link #process} on the probe client's
 * JACK thread; the fields are read by the chaos run's thread.
 */
final class ChaosOutputProbe implements AudioProcessor {
    volatile long frames;
    volatile long nonFinite;
    volatile float peak;

    @Override
    public void process(float[][] inputs, float[][] outputs, int nframes) {
        long bad = 0;
        float p = peak;
        for (float[] in : inputs) {
            for (int i = 0; i < nframes; i++) {
                float x = in[i];
                if (!Float.isFinite(x)) bad++;
                else if (Math.abs(x) > p) p = Math.abs(x);
            }
        }
        peak = p;
        if (bad != 0) nonFinite = nonFinite + bad;
        frames = frames + nframes;
        for (float[] out : outputs) java.util.Arrays.fill(out, 0, nframes, 0f);
    }
}
