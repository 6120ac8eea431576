package org.jackdesk.engine.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.dsp.Dsp;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavReader;
import org.jackdesk.engine.io.WavWriter;

/**
 * Renders WAV files through the same {@link Engine} that runs live: file 1 feeds channel 1, and
 * so on; the main bus is written as a stereo WAV. Deterministic: the same inputs and values give
 * byte-identical output. The output appears only when the render completed (no partial files).
 *
 * <p>Thread: any (it runs the engine on the calling thread, as a backend would).
 */
public final class OfflineRenderer {
    /** Frames per engine cycle while rendering (the engine works in 32-frame sub-blocks anyway). */
    public static final int BLOCK = 512;

    /** Peak and RMS of one bus over the whole render, in dBFS (−inf as {@code Double.NEGATIVE_INFINITY}). */
    public record BusLevel(String name, double peakDbfs, double rmsDbfs) {}

    /** What a render produced. */
    public record Summary(Path output, int sampleRate, long frames, double seconds, List<BusLevel> buses) {}

    /** Progress callback, called from the rendering thread. */
    @FunctionalInterface
    public interface Progress {
        void update(long framesDone, long framesTotal);
    }

    private OfflineRenderer() {}

    /** The layout a render of these files gets with no show: one channel per file, mono or stereo as the file. */
    public static Layout layoutFor(List<Path> inputs) throws WavException, RenderException {
        if (inputs.isEmpty()) throw new RenderException("no input files: give one WAV file per channel");
        List<Layout.Channel> channels = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            try (WavReader r = WavReader.open(inputs.get(i))) {
                if (r.channels() > 2) {
                    throw new RenderException(inputs.get(i) + ": " + r.channels()
                            + " channels; a console channel takes a mono or a stereo file");
                }
                String name = inputs.get(i).getFileName().toString().replaceFirst("(?i)\\.wav$", "");
                if (name.length() > 24) name = name.substring(0, 24);
                channels.add(new Layout.Channel(name.isBlank() ? "Ch " + (i + 1) : name, r.channels() == 2));
            }
        }
        // the console's default FX slots: `--set fx/1/type=hall --set ch/1/fx/1/level=-10` renders a reverb
        return new Layout(channels, List.of()).withFx(Layout.DEFAULT_FX);
    }

    /**
     * Renders {@code inputs} through a console with {@code values} (one per registry slot) into
     * {@code output}. Throws with a precise message when the files do not fit the layout.
     */
    public static Summary render(ParamRegistry registry, double[] values, List<Path> inputs, Path output,
                                 WavWriter.Format format, Progress progress) throws WavException, RenderException {
        Layout layout = registry.layout();
        if (inputs.isEmpty()) throw new RenderException("no input files: give one WAV file per channel");
        if (inputs.size() > layout.channels().size()) {
            throw new RenderException(inputs.size() + " input files but the console has only "
                    + layout.channels().size() + " channels");
        }
        List<WavReader> readers = new ArrayList<>();
        try {
            int rate = -1;
            long total = 0;
            for (int i = 0; i < inputs.size(); i++) {
                WavReader r = WavReader.open(inputs.get(i));
                readers.add(r);
                boolean stereo = layout.channels().get(i).stereo();
                if (r.channels() != (stereo ? 2 : 1)) {
                    throw new RenderException(inputs.get(i) + ": " + describe(r.channels()) + " file, but channel "
                            + (i + 1) + " (" + layout.channels().get(i).name() + ") is " + (stereo ? "stereo" : "mono"));
                }
                if (rate < 0) {
                    rate = r.sampleRate();
                } else if (r.sampleRate() != rate) {
                    throw new RenderException(inputs.get(i) + ": sample rate " + r.sampleRate() + " Hz differs from "
                            + inputs.get(0) + " (" + rate + " Hz); convert them to one rate first");
                }
                total = Math.max(total, r.frames());
            }
            // The live engine's strip groups without its worker thread: the same samples as live.
            Engine engine = new Engine(registry, rate, values, ThreadingPolicy.fromSystemProperty(layout).offline());
            float[][] in = new float[layout.inputCount()][BLOCK];
            List<String> outNames = engine.outputPortNames();
            float[][] out = new float[outNames.size()][BLOCK];
            double[] peak = new double[outNames.size()];
            double[] sumSq = new double[outNames.size()];
            float[][] fileBuf = new float[2][BLOCK];
            float[][] mainOut = {out[0], out[1]};
            try (WavWriter w = WavWriter.create(output, rate, 2, format)) {
                long done = 0;
                while (done < total) {
                    int n = (int) Math.min(BLOCK, total - done);
                    int base = 0;
                    for (int i = 0; i < layout.channels().size(); i++) {
                        int ch = layout.channels().get(i).stereo() ? 2 : 1;
                        if (i < readers.size()) {
                            int got = readers.get(i).read(fileBuf, 0, n);
                            for (int c = 0; c < ch; c++) {
                                System.arraycopy(fileBuf[c], 0, in[base + c], 0, got);
                                java.util.Arrays.fill(in[base + c], got, n, 0f);
                            }
                        } else {
                            for (int c = 0; c < ch; c++) java.util.Arrays.fill(in[base + c], 0, n, 0f);
                        }
                        base += ch;
                    }
                    engine.process(in, out, n);
                    for (int o = 0; o < out.length; o++) {
                        float[] b = out[o];
                        for (int i = 0; i < n; i++) {
                            double v = b[i];
                            double a = Math.abs(v);
                            if (a > peak[o]) peak[o] = a;
                            sumSq[o] += v * v;
                        }
                    }
                    w.write(mainOut, 0, n);
                    done += n;
                    if (progress != null) progress.update(done, total);
                }
                w.commit();
            }
            return new Summary(output, rate, total, total / (double) rate, levels(outNames, peak, sumSq, total));
        } finally {
            for (WavReader r : readers) r.close();
        }
    }

    private static List<BusLevel> levels(List<String> names, double[] peak, double[] sumSq, long frames) {
        List<BusLevel> out = new ArrayList<>();
        for (int o = 0; o < names.size(); o++) {
            String n = names.get(o);
            String bus = n.replaceFirst("_[LR]$", "");
            double pk = peak[o];
            double rms = frames == 0 ? 0 : Math.sqrt(sumSq[o] / frames);
            if (n.endsWith("_R") && !out.isEmpty() && out.get(out.size() - 1).name().equals(bus)) {
                BusLevel l = out.remove(out.size() - 1);
                // Stereo bus: the louder side's peak, the RMS of both sides together.
                double lRms = Dsp.dbToGain(l.rmsDbfs());
                out.add(new BusLevel(bus, Math.max(l.peakDbfs(), db(pk)), db(Math.sqrt((lRms * lRms + rms * rms) / 2))));
            } else {
                out.add(new BusLevel(bus, db(pk), db(rms)));
            }
        }
        return out;
    }

    private static double db(double lin) {
        return lin <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(lin);
    }

    private static String describe(int channels) {
        return channels == 1 ? "a mono" : channels == 2 ? "a stereo" : "a " + channels + "-channel";
    }
}
