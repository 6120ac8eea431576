package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import java.util.List;
import org.jackdesk.engine.jack.CallbackAttribution;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.SlowCallback;
import org.jackdesk.engine.jack.SlowCause;
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
                long seen0 = java.util.Arrays.stream(engine.workerWakeLatency()).sum();
                assertTrue(JackTestServer.await(() -> rec.cycles >= c0 + 2000, 30_000), "cycles stalled");
                // The worker counts each cycle it saw by how long after its publication: about one per cycle.
                long seen = java.util.Arrays.stream(engine.workerWakeLatency()).sum() - seen0, c1 = rec.cycles - c0;
                assertTrue(seen > c1 / 2 && seen <= c1 + 2, "cycles the worker saw " + seen + " of " + c1);
                assertTrue(engine.workerWakeLatencyMaxNanos() > 0);
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

    /**
     * A strip worker that is late because it blocked (a test hook parks it for 8 ms after it claimed
     * sub-block 0: a lock, a sleep — jackdesk's bug) makes the audio thread spin for it; those
     * callbacks are attributed to the worker, not to the audio thread's own work.
     */
    @Test
    void aCallbackWaitingForAWorkerThatBlockedIsBlamedOnTheWorker() throws Exception {
        List<SlowCallback> waited = lateWorker(() -> java.util.concurrent.locks.LockSupport.parkNanos(8_000_000));
        for (SlowCallback c : waited) assertEquals(SlowCause.WORKER, c.cause(), c.toString());
    }

    /**
     * A worker held on its CPU for 8 ms (the hook spins: no fault, hundreds of its usual sub-blocks of
     * CPU time; the kernel may still take the CPU away for a few tens of µs, counted apart) is what this machine kind's hypervisor does to a virtual CPU it holds, as
     * the guest counts it: the rule gives it the machine (cpu_spike), as it does on the audio thread.
     * The caveat is the audio thread's: a worker really doing that much work in one sub-block lands
     * here too (SlowCause). What this checks is the worker's accounting end to end: its stall's CPU
     * time measured on the worker, carried into the callback's record, classified.
     */
    @Test
    void aCallbackWaitingForAWorkerHeldOnItsCpuIsACpuSpike() throws Exception {
        List<SlowCallback> waited = lateWorker(() -> {
            long until = System.nanoTime() + 8_000_000;
            while (System.nanoTime() < until) Thread.onSpinWait();
        });
        // Preempted in the 8 ms (an involuntary switch: a loaded machine) is the machine's too. The hook's
        // first runs may deoptimize the worker (a JVM event in the record) and fault on its way through the
        // interpreter: a stall with a fault of the worker's is never given the machine, so those stay the worker's.
        assertTrue(waited.stream().anyMatch(c -> c.cause() == SlowCause.CPU_SPIKE), waited.toString());
        for (SlowCallback c : waited) {
            assertTrue(c.cause().machine() || (c.cause() == SlowCause.WORKER && !c.jvmEvents().isEmpty()), c.toString());
            assertTrue(c.stages().process() > 0, "the engine's stages recorded: " + c);
        }
    }

    /**
     * Runs the worker with {@code stall} inside its claim of sub-block 0 on three cycles and returns
     * the callbacks that spent most of their time waiting for it (at least one).
     */
    private static List<SlowCallback> lateWorker(Runnable stall) throws Exception {
        // Four light strips (two per group): on a loaded machine more may take half the period by
        // themselves, and those slow callbacks would crowd the hooked ones out of the recent list.
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(Layout.of(4, 0, 0, 2)));
        int hooks = 3;
        long[] firedAt = new long[hooks];
        int[] fired = {0};
        float[] noise = new float[NOISE_LEN];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < NOISE_LEN; i++) noise[i] = (float) ((r.nextDouble() * 2 - 1) * 0.3);
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults().withPeriod(PERIOD));
             Engine engine = new Engine(state.registry(), 48000f, state.copyValues(), Engine.Threading.WORKER)) {
            engine.workerMinNanos = 0;
            // Compiled before it goes live: during the JIT's warm-up on JACK the audio thread also
            // blocks (compile requests), which would blur what this test looks at.
            float[][] feed = new float[engine.inputPortNames().size()][PERIOD];
            float[][] out = new float[engine.outputPortNames().size()][PERIOD];
            for (int c = 0; c < 20_000; c++) {
                fill(feed, noise, c);
                engine.process(feed, out, PERIOD);
            }
            Recorder rec = new Recorder(engine, noise);
            // The worker is late inside its claim of sub-block 0 on three cycles, ~0.5 s apart, from cycle 3000.
            StripWorker.beforeSubBlock = k -> {
                int c = rec.cycles;
                if (k != 0 || fired[0] >= hooks || c < 3000 + 400 * fired[0]) return;
                firedAt[fired[0]] = System.nanoTime();
                stall.run(); // late: 8 ms inside its claim
                fired[0]++;
            };
            try (JackBackend jack = JackBackend.open(JackBackend.Config.of(engine.inputPortNames(), engine.outputPortNames())
                    .withServerName(server.name()), null, null)) {
                jack.start(rec);
                assertTrue(JackTestServer.await(() -> fired[0] >= hooks, 30_000), "worker hooks fired " + fired[0]);
                java.util.function.Predicate<SlowCallback> hooked = c -> {
                    for (long t : firedAt) if (t >= c.startNanos() && t <= c.startNanos() + c.wallNanos()) return true;
                    return false;
                };
                // A hook instant lies in the callback whose sub-block the worker claimed, or (the
                // worker claiming late) in a later one; on a loaded machine the audio thread may also
                // be preempted in such a callback. Every callback that spent most of its time waiting
                // for the worker must be blamed on it, and at least one hook must have caused one.
                assertTrue(JackTestServer.await(() -> {
                    CallbackAttribution.Snapshot s = jack.slowCallbacks();
                    return s.pending() == 0 && s.recent().stream().filter(hooked).anyMatch(c -> c.workerWaitNanos() >= 6_000_000);
                }, 15_000), "no hooked callback waited for the worker: " + jack.slowCallbacks());
                List<SlowCallback> waited = jack.slowCallbacks().recent().stream().filter(hooked)
                        .filter(c -> c.workerWaitNanos() >= 6_000_000).toList();
                for (SlowCallback c : waited) assertTrue(c.wallNanos() >= c.workerWaitNanos(), c.toString());
                assertFalse(waited.isEmpty());
                return waited;
            } finally {
                StripWorker.beforeSubBlock = null;
            }
        }
    }
}
