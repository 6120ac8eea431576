package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Test;

/**
 * The strip worker on a real JACK server: woken by the backend before its port copies, it changes
 * no output sample (the same cycles computed off line without a worker are bit-identical), and it
 * allocates nothing per cycle.
 */
class EngineWorkerJackTest {
    private static final int CHANNELS = 24;
    private static final int PERIOD = 64;
    private static final int RECORDED = 1500;
    private static final int NOISE_LEN = 1 << 16;

    private static ConsoleState console() throws ParamException {
        ConsoleState s = new ConsoleState(ParamRegistry.forLayout(Layout.of(CHANNELS, 0, 0, 2)));
        for (int c = 1; c <= CHANNELS; c++) {
            String p = "ch/" + c + "/";
            s.set(p + "hpf/on", true, "t");
            s.set(p + "eq/on", true, "t");
            s.set(p + "eq/3/gain", -3.0, "t");
            s.set(p + "comp/on", true, "t");
            s.set(p + "comp/threshold", -28.0, "t");
            s.set(p + "pan", (c % 5 - 2) / 2.0, "t");
            for (int b = 1; b <= 2; b++) s.set(p + "send/" + b + "/level", -9.0, "t");
        }
        return s;
    }

    /** Feeds the engine seeded noise (a function of the cycle number) and records main L/R of the first cycles. */
    private static final class Recorder extends EngineFeed {
        final float[] noise;
        final float[][] feed;
        final float[][] main = new float[2][RECORDED * PERIOD];
        volatile int cycles;

        Recorder(Engine engine, float[] noise) {
            super(engine);
            this.noise = noise;
            this.feed = new float[engine.inputPortNames().size()][PERIOD];
        }

        @Override
        public void process(float[][] in, float[][] out, int nframes) {
            int c = cycles;
            fill(feed, noise, c);
            engine.process(feed, out, PERIOD);
            if (c < RECORDED) {
                System.arraycopy(out[0], 0, main[0], c * PERIOD, PERIOD);
                System.arraycopy(out[1], 0, main[1], c * PERIOD, PERIOD);
            }
            cycles = c + 1;
        }
    }

    private static void fill(float[][] feed, float[] noise, int cycle) {
        for (int ch = 0; ch < feed.length; ch++) {
            int start = cycle * PERIOD + ch * 7919;
            for (int i = 0; i < PERIOD; i++) feed[ch][i] = noise[(start + i) & (NOISE_LEN - 1)];
        }
    }

    @Test
    void workerOnJackChangesNoSampleAndAllocatesNothing() throws Exception {
        float[] noise = new float[NOISE_LEN];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < NOISE_LEN; i++) noise[i] = (float) ((r.nextDouble() * 2 - 1) * 0.3);
        ConsoleState state = console();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        Recorder rec;
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults().withPeriod(PERIOD));
             Engine engine = new Engine(state.registry(), 48000f, state.copyValues(), Engine.Threading.WORKER)) {
            engine.workerMinNanos = 0; // the worker on every cycle, whatever this machine's speed
            rec = new Recorder(engine, noise);
            try (JackBackend jack = JackBackend.open(JackBackend.Config.of(engine.inputPortNames(), engine.outputPortNames())
                    .withServerName(server.name()), null, null)) {
                assertEquals(PERIOD, jack.bufferSize());
                jack.start(rec);
                assertTrue(JackTestServer.await(() -> rec.cycles >= RECORDED, 30_000), "cycles stalled at " + rec.cycles);
                // Allocation of the worker thread over a few thousand live cycles, after the recorded (warm-up) ones.
                long w = engine.workerThreadId();
                long w0 = mx.getThreadAllocatedBytes(w), b0 = engine.workerSubBlocks(), c0 = rec.cycles;
                assertTrue(JackTestServer.await(() -> rec.cycles >= c0 + 2000, 30_000), "cycles stalled");
                long allocated = mx.getThreadAllocatedBytes(w) - w0, blocks = engine.workerSubBlocks() - b0;
                assertTrue(blocks > 0, "the worker computed nothing on the live server");
                assertEquals(0, allocated, "bytes the worker thread allocated over 2000 cycles");
                assertEquals(0, jack.processorFailures());
            }
        }
        // The same cycles off line, group B on the calling thread.
        try (Engine offline = new Engine(state.registry(), 48000f, state.copyValues(), Engine.Threading.WORKER.offline())) {
            float[][] feed = new float[offline.inputPortNames().size()][PERIOD];
            float[][] out = new float[offline.outputPortNames().size()][PERIOD];
            float[][] main = new float[2][RECORDED * PERIOD];
            for (int c = 0; c < RECORDED; c++) {
                fill(feed, noise, c);
                offline.process(feed, out, PERIOD);
                System.arraycopy(out[0], 0, main[0], c * PERIOD, PERIOD);
                System.arraycopy(out[1], 0, main[1], c * PERIOD, PERIOD);
            }
            double peak = 0;
            for (float v : main[0]) peak = Math.max(peak, Math.abs(v));
            assertTrue(peak > 0.05, "the console must carry signal, peak " + peak);
            assertArrayEquals(main[0], rec.main[0], "main_L live (with worker) vs off line");
            assertArrayEquals(main[1], rec.main[1], "main_R live (with worker) vs off line");
        }
    }
}
