package org.jackdesk.engine.dsp;

/**
 * Settled biquad cascades of many channels, run together across vector lanes (lane = channel):
 * the channel strips' high-pass ({@link HighPass}, 1 or 2 sections) and 4-band EQ
 * ({@link ParametricEq}) whenever they sit on their settled cascade ({@link Biquad#cascade}), which is
 * the common case of a running console. Native plugins run one channel per instance; a console runs
 * dozens of identical strips, so one sample of eight channels costs about what one sample of one
 * channel costs in the scalar kernel (AVX-512: eight doubles per vector).
 *
 * <p>How a sub-block runs: each processor, instead of running its cascade, {@link #add}s its
 * channels here (the buffer and the sections of each channel); {@link #run} then copies every lane's
 * coefficients and state into lane-major arrays, transposes the lanes' samples into one interleaved
 * buffer ({@code x[i * stride + lane]}), runs the {@link Kernel}, transposes back and hands each
 * section its state with the scalar kernel's denormal flush and non-finite reset
 * ({@link Biquad#importLane}). Lanes are grouped by section count (1, 2 or 4: a 12 dB/oct high-pass,
 * a 24 dB/oct one, the EQ), never padded with identity sections (an identity section turns −0 into
 * +0, and the output would differ from the scalar path in that bit). The lanes past the last
 * channel of a vector run identity coefficients on zeros and are discarded.
 *
 * <p>Equal to the scalar path, bit for bit: each lane does the scalar kernel's double operations in
 * its order (multiply, then add; no fused multiply-add), rounds to float between sections as the
 * scalar kernel does, and IEEE arithmetic is the same in a lane as in a scalar register. A
 * processor that is gliding, fading from bypass or starting fresh runs its own scalar code as before;
 * only the settled cascade comes here.
 *
 * <p>The vector kernel needs the incubating Vector API ({@code jdk.incubator.vector}): it is
 * compiled apart from the Java 17 code (engine/pom.xml, {@code src/main/java-vector}) and loaded
 * reflectively here, only on Java 22 and newer with the module in the boot layer (the launcher adds
 * {@code --add-modules jdk.incubator.vector} there). Otherwise {@link #create} returns null and the
 * processors run their cascades themselves: the scalar reference path, and the only path on Java 17.
 * {@code -Djackdesk.engine.simd=false} turns the bank off. docs/engine-notes.md has the layout and
 * measurements.
 *
 * <p>Thread: {@link #create} and the constructor off the audio thread (they allocate); {@link #add}
 * and {@link #run} on the thread of the strip group that owns the bank (one bank per group).
 */
public final class BiquadBank {
    /** The most sections one lane runs in series (the EQ's four bands). */
    public static final int MAX_SECTIONS = 4;

    /**
     * A kernel over lane-major data: {@code lanes} (a multiple of {@link #lanes()}) lanes of
     * {@code sections} sections in series over {@code n} samples of {@code x[i * stride + lane]},
     * in place, coefficients at {@code coef[(s * 5 + j) * stride + lane]} (b0, b1, b2, a1, a2) and
     * state at {@code state[(s * 2 + j) * stride + lane]} (z1, z2), updated. Exactly the arithmetic
     * of {@link Biquad#process} per lane, without its finish (the bank does that per section).
     */
    interface Kernel {
        /** Lanes per vector (1 for the scalar kernel). */
        int lanes();

        void process(float[] x, int n, int stride, int lanes, double[] coef, double[] state, int sections);
    }

    private static final Kernel VECTOR;
    private static final String UNAVAILABLE_REASON;

    static {
        Kernel k = null;
        String why = null;
        try {
            if (Runtime.version().feature() < 22) {
                throw new IllegalStateException("Java " + Runtime.version().feature() + " runs the scalar path (vector lanes need Java 22+)");
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                throw new IllegalStateException("the JVM runs without --add-modules jdk.incubator.vector");
            }
            k = (Kernel) Class.forName("org.jackdesk.engine.dsp.VectorBiquadKernel").getDeclaredConstructor().newInstance();
            if (k.lanes() < 2) throw new IllegalStateException("the Vector API offers " + k.lanes() + " double lane(s) here");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            k = null;
            why = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        VECTOR = k;
        UNAVAILABLE_REASON = why;
    }

    private final Kernel kernel;
    private final int stride;
    private final Batch[] batches = new Batch[MAX_SECTIONS + 1];
    private final double[] coef, state;
    private final float[] x;
    private final int maxFrames;

    /** The lanes of one section count, pending until {@link #run}. */
    private static final class Batch {
        final float[][] bufs;
        final Biquad[][] chains;
        int count;

        Batch(int maxLanes) {
            bufs = new float[maxLanes][];
            chains = new Biquad[maxLanes][];
        }
    }

    /**
     * A bank of up to {@code maxLanes} channels on the vector kernel, or null when there is none
     * (Java before 22, the module not added, or {@code -Djackdesk.engine.simd} not {@code true}, its default): the caller
     * then runs its cascades itself. Thread: off the audio thread.
     *
     * @throws IllegalArgumentException when {@code jackdesk.engine.simd} is neither true nor false
     */
    public static BiquadBank create(int maxLanes, int maxFrames) {
        // Off unless asked for: on Java 25 the strip worker allocated ~190 KB per cycle with the bank on a
        // live JACK server (EngineWorkerJackTest on a fresh clone), which the audio path must never do.
        String p = System.getProperty("jackdesk.engine.simd", "false").trim();
        if (!p.equals("true") && !p.equals("false")) {
            throw new IllegalArgumentException("-Djackdesk.engine.simd must be true or false, got '" + p + "'");
        }
        if (p.equals("false") || VECTOR == null || maxLanes < 1) return null;
        return new BiquadBank(maxLanes, maxFrames, VECTOR);
    }

    /** Lanes per vector of the vector kernel, 0 when there is none (then {@link #create} returns null). Thread: any. */
    public static int vectorLanes() {
        return VECTOR == null ? 0 : VECTOR.lanes();
    }

    /** Why there is no vector kernel (null when there is one), for logs and reports. Thread: any. */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    BiquadBank(int maxLanes, int maxFrames, Kernel kernel) {
        this.kernel = kernel;
        this.maxFrames = maxFrames;
        int vl = Math.max(1, kernel.lanes());
        stride = (maxLanes + vl - 1) / vl * vl;
        for (int s = 1; s <= MAX_SECTIONS; s++) batches[s] = new Batch(maxLanes);
        coef = new double[MAX_SECTIONS * 5 * stride];
        state = new double[MAX_SECTIONS * 2 * stride];
        x = new float[maxFrames * stride];
    }

    /** Lanes per vector of this bank's kernel. Thread: any. */
    public int lanes() {
        return kernel.lanes();
    }

    /**
     * Queues channel {@code c}'s cascade {@code sections[c][0..count)} over {@code bufs[c]} for every
     * {@code c < channels}, to be run by the next {@link #run}; with no room (never with the
     * capacity the owner sized) it runs the cascade at once, which gives the same samples. Thread:
     * the bank's group thread.
     */
    public void add(float[][] bufs, int channels, Biquad[][] sections, int count, int off, int n) {
        Batch b = count >= 1 && count <= MAX_SECTIONS ? batches[count] : null;
        for (int c = 0; c < channels; c++) {
            if (b == null || b.count == b.bufs.length || off != 0 || n > maxFrames) {
                Biquad.cascade(bufs[c], off, n, sections[c], count);
            } else {
                b.bufs[b.count] = bufs[c];
                b.chains[b.count] = sections[c];
                b.count++;
            }
        }
    }

    /** Runs every queued lane over {@code [0, n)} of its buffer and empties the queue. Thread: the bank's group thread. */
    public void run(int n) {
        for (int s = 1; s <= MAX_SECTIONS; s++) {
            Batch b = batches[s];
            if (b.count > 0) runBatch(b, s, n);
        }
    }

    private void runBatch(Batch b, int sections, int n) {
        int lanes = b.count, st = stride;
        float[] xs = x;
        for (int l = 0; l < lanes; l++) {
            Biquad[] chain = b.chains[l];
            for (int s = 0; s < sections; s++) chain[s].exportLane(coef, state, s, st, l);
            float[] buf = b.bufs[l];
            for (int i = 0, p = l; i < n; i++, p += st) xs[p] = buf[i];
        }
        int vl = kernel.lanes();
        int padded = (lanes + vl - 1) / vl * vl;
        for (int l = lanes; l < padded; l++) {
            // identity on zeros: finite, discarded
            for (int s = 0; s < sections; s++) {
                int c = s * 5 * st + l;
                coef[c] = 1;
                for (int j = 1; j < 5; j++) coef[c + j * st] = 0;
                state[s * 2 * st + l] = 0;
                state[(s * 2 + 1) * st + l] = 0;
            }
            for (int i = 0, p = l; i < n; i++, p += st) xs[p] = 0f;
        }
        kernel.process(xs, n, st, padded, coef, state, sections);
        for (int l = 0; l < lanes; l++) {
            float[] buf = b.bufs[l];
            for (int i = 0, p = l; i < n; i++, p += st) buf[i] = xs[p];
            Biquad[] chain = b.chains[l];
            for (int s = 0; s < sections; s++) chain[s].importLane(buf, 0, n, state, s, st, l);
            b.bufs[l] = null;
            b.chains[l] = null;
        }
        b.count = 0;
    }

    /**
     * The scalar kernel on the bank's layout: {@link Biquad#process}'s arithmetic per lane, one
     * section after the other. Used by tests on any JDK to check the bank's layout against the
     * per-channel cascade; the engine never builds a bank on it (the processors' own cascade is faster).
     */
    static final class ScalarKernel implements Kernel {
        @Override
        public int lanes() {
            return 1;
        }

        @Override
        public void process(float[] x, int n, int stride, int lanes, double[] coef, double[] state, int sections) {
            for (int l = 0; l < lanes; l++) {
                for (int s = 0; s < sections; s++) {
                    int c = s * 5 * stride + l, z = s * 2 * stride + l;
                    double b0 = coef[c], b1 = coef[c + stride], b2 = coef[c + 2 * stride];
                    double a1 = coef[c + 3 * stride], a2 = coef[c + 4 * stride];
                    double z1 = state[z], z2 = state[z + stride];
                    for (int i = 0, p = l; i < n; i++, p += stride) {
                        double v = x[p];
                        double y = b0 * v + z1;
                        z1 = (b1 * v + z2) - a1 * y;
                        z2 = b2 * v - a2 * y;
                        x[p] = (float) y;
                    }
                    state[z] = z1;
                    state[z + stride] = z2;
                }
            }
        }
    }
}
