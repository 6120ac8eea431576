package org.jackdesk.engine.master;

import java.util.ArrayList;
import java.util.List;
import org.jackdesk.engine.rta.RtaAnalyzer;

/**
 * What {@code jackdesk master --report} shows of one song besides its loudness: the crest factor
 * (sample peak over RMS, all channels) before and after, the long-term spectrum in third octaves
 * before and after (the power mean of Hann-windowed 8192-sample frames at 50 % overlap, (L+R)/2,
 * read as the RTA reads: a sine of amplitude A in a band reads 20·log10(A)), and the gain each
 * stage of the chain applied over time (one point per processed block).
 *
 * @param stageNames the traced stages, in chain order ({@code multiband 1…n}, {@code bus compressor},
 *                   {@code transient shaper}, {@code limiter})
 * @param times      seconds of each point
 * @param stageDb    [stage][point]: gain in dB (a reduction negative; the transient shaper's either sign)
 */
public record SongAnalysis(double crestBeforeDb, double crestAfterDb, double[] bandsHz, double[] spectrumBeforeDb,
                           double[] spectrumAfterDb, List<String> stageNames, double[] times, double[][] stageDb) {

    /** Collects a {@link SongAnalysis} while a song renders. Thread: the renderer's. */
    static final class Collector {
        private final float sampleRate;
        private final Side before, after;
        private final List<String> names;
        private final List<double[]> points = new ArrayList<>();
        private final List<Double> times = new ArrayList<>();

        Collector(float sampleRate, List<String> stageNames) {
            this.sampleRate = sampleRate;
            before = new Side(sampleRate);
            after = new Side(sampleRate);
            names = List.copyOf(stageNames);
        }

        void input(float[][] buf, int off, int n) {
            before.add(buf, off, n);
        }

        void output(float[][] buf, int off, int n) {
            after.add(buf, off, n);
        }

        void stages(long frame, double[] gainsDb) {
            times.add(frame / (double) sampleRate);
            points.add(gainsDb.clone());
        }

        SongAnalysis result() {
            double[] t = new double[times.size()];
            double[][] g = new double[names.size()][t.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = times.get(i);
                for (int k = 0; k < names.size(); k++) g[k][i] = points.get(i)[k];
            }
            return new SongAnalysis(before.crestDb(), after.crestDb(), before.bandsHz(), before.spectrumDb(), after.spectrumDb(),
                    names, t, g);
        }
    }

    /** One side (before or after) of a song: peak, sum of squares, the spectrum's frames. */
    private static final class Side {
        private static final int N = RtaAnalyzer.FFT_SIZE, HOP = N / 2;
        private final RtaAnalyzer rta;
        private final float[] frame = new float[N];
        private final double[] power;
        private int fill, frames;
        private double peak, sumSq;
        private long count;

        Side(float fs) {
            rta = new RtaAnalyzer(fs, 3);
            power = new double[rta.bands()];
        }

        void add(float[][] buf, int off, int n) {
            int ch = buf.length;
            for (int i = off; i < off + n; i++) {
                double mono = 0;
                for (float[] c : buf) {
                    double v = c[i];
                    peak = Math.max(peak, Math.abs(v));
                    sumSq += v * v;
                    mono += v;
                }
                count += ch;
                frame[fill++] = (float) (mono / ch);
                if (fill == N) {
                    rta.reset();
                    rta.analyse(frame, 0); // no averaging: this frame alone
                    float[] l = rta.levelsDb();
                    for (int b = 0; b < power.length; b++) power[b] += Math.pow(10, l[b] / 10);
                    frames++;
                    System.arraycopy(frame, HOP, frame, 0, N - HOP);
                    fill = N - HOP;
                }
            }
        }

        double crestDb() {
            double rms = count == 0 ? 0 : Math.sqrt(sumSq / count);
            return rms > 0 && peak > 0 ? 20 * Math.log10(peak / rms) : 0;
        }

        double[] bandsHz() {
            double[] c = new double[power.length];
            for (int b = 0; b < c.length; b++) c[b] = rta.centreHz(b);
            return c;
        }

        double[] spectrumDb() {
            double[] d = new double[power.length];
            for (int b = 0; b < d.length; b++) {
                d[b] = frames == 0 || power[b] <= 0 ? RtaAnalyzer.MIN_DB : Math.max(RtaAnalyzer.MIN_DB, 10 * Math.log10(power[b] / frames));
            }
            return d;
        }
    }
}
