package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.junit.jupiter.api.Test;

/**
 * The strips split into two groups: the worker thread changes nothing in the output (bit for bit),
 * a worker that is gone changes nothing either, and two groups equal one group up to rounding.
 */
class EngineThreadingTest {
    /** 24 channels (20 mono, 4 stereo), 2 mono + 2 stereo buses: full strips, quiet strips, solo, sends, direct outputs. */
    private static ConsoleState console() {
        // Some channels in both groups have direct outputs (pre and post, mono and stereo).
        Layout base = Layout.of(20, 4, 2, 2);
        java.util.List<Layout.Channel> chs = new java.util.ArrayList<>();
        for (Layout.Channel c : base.channels()) {
            int n = chs.size() + 1;
            Layout.DirectOut d = n % 4 == 0 ? Layout.DirectOut.PRE : n % 6 == 1 ? Layout.DirectOut.POST : Layout.DirectOut.OFF;
            chs.add(new Layout.Channel(c.name(), c.stereo(), d));
        }
        ParamRegistry reg = ParamRegistry.forLayout(new Layout(chs, base.buses()));
        ConsoleState s = new ConsoleState(reg);
        try {
            for (int c = 1; c <= 24; c++) {
                String p = "ch/" + c + "/";
                if (c % 3 != 0) { // every third strip stays bypassed: it takes the quiet path
                    s.set(p + "hpf/on", true, "t");
                    s.set(p + "eq/on", true, "t");
                    s.set(p + "eq/2/gain", 4.0, "t");
                    s.set(p + "comp/on", c % 2 == 0, "t");
                    s.set(p + "comp/threshold", -30.0, "t");
                    s.set(p + "gate/on", c % 4 == 1, "t");
                    s.set(p + "delay/on", c % 5 == 1, "t");
                    s.set(p + "delay/time", 1.5, "t");
                    for (int b = 1; b <= 4; b++) {
                        s.set(p + "send/" + b + "/level", -8.0 - b, "t");
                        s.set(p + "send/" + b + "/tap", b % 2 == 0 ? "post" : "pre", "t");
                    }
                }
                s.set(p + "pan", (c % 7 - 3) / 3.0, "t");
                s.set(p + "fader", -2.0 - c % 5, "t");
            }
            s.set("ch/5/solo", true, "t");
            s.set("ch/18/solo", true, "t");
        } catch (ParamException e) {
            throw new AssertionError(e);
        }
        return s;
    }

    /**
     * Runs {@code cycles} periods of {@code period} frames of seeded noise through an engine built
     * from {@link #console()}, moving seeded parameters every few cycles, and returns every output
     * sample. {@code closeWorkerAt} stops the worker thread after that many cycles (-1: never).
     */
    private static float[][] run(Engine.Threading threading, int period, int cycles, int closeWorkerAt, long[] workerBlocks) {
        ConsoleState s = console();
        try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), threading)) {
            e.workerMinNanos = 0; // wake the worker every cycle, however cheap the strips
            int ins = s.registry().layout().inputCount();
            int outs = e.outputPortNames().size();
            float[][] in = new float[ins][period];
            float[][] out = new float[outs][period];
            float[][] all = new float[outs][period * cycles];
            Param[] moving = s.registry().all().stream()
                    .filter(p -> p.type() == ParamType.FLOAT && (p.path().endsWith("/fader") || p.path().endsWith("/level")
                            || p.path().endsWith("/pan") || p.path().endsWith("eq/2/gain")))
                    .toArray(Param[]::new);
            SplittableRandom noise = new SplittableRandom(11), params = new SplittableRandom(5);
            for (int c = 0; c < cycles; c++) {
                if (c == closeWorkerAt) e.close();
                for (float[] b : in) for (int i = 0; i < period; i++) b[i] = (float) (noise.nextDouble() - 0.5) * 0.6f;
                if (c % 7 == 3) {
                    Param p = moving[params.nextInt(moving.length)];
                    e.setParam(p.slot(), p.min() + params.nextDouble() * (p.max() - p.min()));
                }
                e.process(in, out, period);
                for (int o = 0; o < outs; o++) System.arraycopy(out[o], 0, all[o], c * period, period);
            }
            if (workerBlocks != null) workerBlocks[0] = e.workerSubBlocks();
            return all;
        }
    }

    @Test
    void secondGroupOnWorkerGivesBitIdenticalOutputAtEveryPeriod() {
        // 64: two sub-blocks (one per buffer parity); 224: seven (the worker may run ahead);
        // 4096: longer than the quiet stage's buffer (no quiet stage).
        int[][] periodsAndCycles = {{64, 1500}, {224, 400}, {4096, 24}};
        long workerTotal = 0;
        for (int[] pc : periodsAndCycles) {
            float[][] inline = run(Engine.Threading.WORKER.offline(), pc[0], pc[1], -1, null);
            long[] blocks = new long[1];
            float[][] worker = run(Engine.Threading.WORKER, pc[0], pc[1], -1, blocks);
            workerTotal += blocks[0];
            for (int o = 0; o < inline.length; o++) {
                assertArrayEquals(inline[o], worker[o], "output " + o + " differs at period " + pc[0]);
            }
        }
        assertTrue(workerTotal > 0, "the worker thread never computed a sub-block: the comparison proves nothing");
    }

    @Test
    void everyChunkSizeGivesBitIdenticalOutputOnTheWorker() {
        // Group B holds 12 strips: one chunk (0), 12 of one strip, 3 of 5 (the last 2), 3 of 4.
        // 224 frames: seven sub-blocks, the worker running ahead while the audio thread steals.
        long workerTotal = 0;
        for (String chunk : new String[] {"0", "1", "5", "4"}) {
            float[][][] runs = withChunk(chunk, () -> {
                long[] blocks = new long[1];
                float[][] inline = run(Engine.Threading.WORKER.offline(), 224, 300, -1, null);
                float[][] worker = run(Engine.Threading.WORKER, 224, 300, -1, blocks);
                return new float[][][] {inline, worker, {{blocks[0]}}};
            });
            workerTotal += (long) runs[2][0][0];
            for (int o = 0; o < runs[0].length; o++) {
                assertArrayEquals(runs[0][o], runs[1][o], "output " + o + " differs with chunks of " + chunk + " strips");
            }
        }
        assertTrue(workerTotal > 0, "the worker thread never computed a unit: the comparison proves nothing");
    }

    /**
     * The worker stalls 20 ms inside a chunk 0 (of whichever sub-block of a 256-frame cycle it
     * claims one first; it wakes too late for some): the audio thread computes that sub-block's
     * other chunks itself instead of waiting for them, waits only for the held one, and the output
     * is still the inline engine's, bit for bit.
     */
    @Test
    void aWorkerStalledInOneChunkLeavesTheOtherChunksToTheAudioThread() {
        int cycles = 300, stallFrom = 150, period = 256;
        float[][][] result = withChunk("3", () -> { // 12 strips in group B: 4 chunks of 3
            ConsoleState s = console();
            float[][] inline;
            try (Engine ref = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER.offline())) {
                inline = runOn(ref, s, period, cycles);
            }
            java.util.concurrent.atomic.AtomicInteger cycle = new java.util.concurrent.atomic.AtomicInteger();
            int[] stalledIn = {-1};
            long[] late = new long[cycles + 1], wait = new long[cycles + 1];
            float[][] live;
            StripWorker.beforeSubBlock = n -> {
                int c = cycle.get();
                if (n % 4 != 0 || c < stallFrom || stalledIn[0] >= 0) return;
                stalledIn[0] = c;
                // A loop: the audio thread's unpark of each cycle leaves a permit that ends one park at once.
                long until = System.nanoTime() + 20_000_000L;
                for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(until - now);
                }
            };
            try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER)) {
                e.workerMinNanos = 0;
                assertEquals(4, e.stripChunks());
                float[][] in = new float[s.registry().layout().inputCount()][period];
                float[][] out = new float[e.outputPortNames().size()][period];
                live = new float[out.length][period * cycles];
                SplittableRandom noise = new SplittableRandom(11);
                for (int c = 0; c < cycles; c++) {
                    late[c] = e.workerLateSubBlocks();
                    wait[c] = e.workerWaitNanos();
                    cycle.set(c);
                    for (float[] b : in) for (int i = 0; i < period; i++) b[i] = (float) (noise.nextDouble() - 0.5) * 0.6f;
                    e.process(in, out, period);
                    for (int o = 0; o < out.length; o++) System.arraycopy(out[o], 0, live[o], c * period, period);
                }
                late[cycles] = e.workerLateSubBlocks();
                wait[cycles] = e.workerWaitNanos();
            } finally {
                StripWorker.beforeSubBlock = null;
            }
            int c = stalledIn[0];
            assertTrue(c >= stallFrom, "the worker never claimed a chunk 0 after cycle " + stallFrom);
            return new float[][][] {inline, live, {{late[c + 1] - late[c], (wait[c + 1] - wait[c]) / 1e6f}}};
        });
        for (int o = 0; o < result[0].length; o++) assertArrayEquals(result[0][o], result[1][o], "output " + o);
        float took = result[2][0][0], waitedMs = result[2][0][1];
        // The stall's cycle: chunks 1-3 of the sub-block computed here while the worker held its chunk 0.
        assertTrue(took >= 3, "the audio thread took " + took + " units in the stalled cycle (want >= 3)");
        assertTrue(waitedMs >= 10 && waitedMs < 1000, "the audio thread waited " + waitedMs + " ms for the held chunk");
    }

    /** Runs {@code body} with {@code -Djackdesk.engine.chunk=value}, restoring the property after. */
    private static <T> T withChunk(String value, java.util.function.Supplier<T> body) {
        String old = System.getProperty(Engine.Threading.CHUNK_PROPERTY);
        System.setProperty(Engine.Threading.CHUNK_PROPERTY, value);
        try {
            return body.get();
        } finally {
            if (old == null) System.clearProperty(Engine.Threading.CHUNK_PROPERTY);
            else System.setProperty(Engine.Threading.CHUNK_PROPERTY, old);
        }
    }

    @Test
    void audioContinuesIdenticallyWhenTheWorkerStops() {
        float[][] inline = run(Engine.Threading.WORKER.offline(), 64, 600, -1, null);
        float[][] stopped = run(Engine.Threading.WORKER, 64, 600, 200, null);
        for (int o = 0; o < inline.length; o++) assertArrayEquals(inline[o], stopped[o], "output " + o);
    }

    @Test
    void twoGroupsEqualOneGroupUpToRounding() {
        float[][] one = run(Engine.Threading.SINGLE, 64, 600, -1, null);
        float[][] two = run(Engine.Threading.WORKER.offline(), 64, 600, -1, null);
        double maxDiff = 0, peak = 0;
        for (int o = 0; o < one.length; o++) {
            for (int i = 0; i < one[o].length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(one[o][i] - two[o][i]));
                peak = Math.max(peak, Math.abs(one[o][i]));
            }
        }
        assertTrue(peak > 0.1, "the console must carry signal, peak " + peak);
        // A float sum regrouped differs by a few ulps of its terms (ulp(1) is 1.2e-7).
        assertTrue(maxDiff <= 2e-6, "max difference " + maxDiff + " (peak " + peak + ")");
    }

    @Test
    void workerThreadAllocatesNothingPerCycle() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        ConsoleState s = console();
        try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER)) {
            e.workerMinNanos = 0;
            float[][] in = new float[s.registry().layout().inputCount()][64];
            float[][] out = new float[e.outputPortNames().size()][64];
            SplittableRandom noise = new SplittableRandom(3);
            for (float[] b : in) for (int i = 0; i < 64; i++) b[i] = (float) (noise.nextDouble() - 0.5) * 0.6f;
            long[] result = new long[4];
            RealtimeLiterals.prepare(); // as the backends do before their thread starts (see there)
            RealtimeLiterals.pinClass(EngineThreadingTest.class); // this test's own loop runs on the measured thread too
            Thread audio = new Thread(() -> {
                for (int c = 0; c < 20_000; c++) e.process(in, out, 64); // warm-up and JIT
                long w = e.workerThreadId();
                long w0 = mx.getThreadAllocatedBytes(w), b0 = e.workerSubBlocks();
                long a0 = mx.getCurrentThreadAllocatedBytes();
                for (int c = 0; c < 10_000; c++) e.process(in, out, 64);
                result[0] = mx.getThreadAllocatedBytes(w) - w0;
                result[1] = e.workerSubBlocks() - b0;
                result[2] = mx.getCurrentThreadAllocatedBytes() - a0;
                result[3] = 1;
            }, "audio");
            audio.start();
            audio.join();
            assertEquals(1, result[3], "the processing thread did not finish");
            assertTrue(result[1] > 0, "the worker computed nothing while measured: its allocation would prove nothing");
            assertEquals(0, result[0], "bytes the worker thread allocated over 10 000 cycles");
            assertEquals(0, result[2], "bytes the audio thread allocated over 10 000 cycles");
        }
    }

    @Test
    void workerIsWokenOnlyWhenGroupBTookLongerThanItsThreshold() {
        // Threshold above any cost: the worker is never woken, the audio thread computes group B
        // (an uncontended claim per sub-block) and the output is still the inline engine's.
        ConsoleState s = console();
        float[][] inline;
        try (Engine ref = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER.offline())) {
            inline = runOn(ref, s, 64, 300);
        }
        try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER)) {
            e.workerMinNanos = Long.MAX_VALUE;
            float[][] all = runOn(e, s, 64, 300);
            assertEquals(0, e.workerSubBlocks(), "the worker was woken although group B never reached its threshold");
            for (int o = 0; o < inline.length; o++) assertArrayEquals(inline[o], all[o], "output " + o);
        }
        // The default threshold (20 µs) against 4096-frame cycles of 12 full strips (milliseconds).
        try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER)) {
            runOn(e, s, 4096, 40);
            assertTrue(e.workerSubBlocks() > 0, "the worker never computed a sub-block of the heavy console");
            // each group's compute time is counted: half the strips each, milliseconds a cycle
            assertTrue(e.stripGroupNanos(0) > 40 * 100_000L && e.stripGroupNanos(1) > 40 * 100_000L,
                    "group A " + e.stripGroupNanos(0) + " ns, group B " + e.stripGroupNanos(1) + " ns over 40 cycles");
        }
        try (Engine one = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.SINGLE)) {
            runOn(one, s, 64, 10);
            assertTrue(one.stripGroupNanos(0) > 0, "one group: all of it is group A");
            assertEquals(0, one.stripGroupNanos(1), "one group: no group B");
        }
    }

    /** Seeded noise through {@code e} for {@code cycles} periods (no parameter moves); all outputs. */
    private static float[][] runOn(Engine e, ConsoleState s, int period, int cycles) {
        float[][] in = new float[s.registry().layout().inputCount()][period];
        float[][] out = new float[e.outputPortNames().size()][period];
        float[][] all = new float[out.length][period * cycles];
        SplittableRandom noise = new SplittableRandom(11);
        for (int c = 0; c < cycles; c++) {
            for (float[] b : in) for (int i = 0; i < period; i++) b[i] = (float) (noise.nextDouble() - 0.5) * 0.6f;
            e.process(in, out, period);
            for (int o = 0; o < out.length; o++) System.arraycopy(out[o], 0, all[o], c * period, period);
        }
        return all;
    }

    @Test
    void aWorkerRefusedRealTimeSchedulingIsNotUsed() throws Exception {
        // A normal-priority worker could be preempted mid-sub-block while the audio thread spins
        // on it: when the audio thread is real-time and the worker may not be, it is left asleep.
        ConsoleState s = console();
        float[][] inline;
        try (Engine ref = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER.offline())) {
            inline = runOn(ref, s, 4096, 40);
        }
        java.util.function.IntFunction<String> real = StripWorker.scheduler;
        StripWorker.scheduler = prio -> prio > 0 ? "EPERM (test)" : null;
        try (Engine e = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER)) {
            e.workerMinNanos = 0;
            e.realtimePriority(70);
            long until = System.nanoTime() + 5_000_000_000L;
            while (!e.workerRefusedRealtime() && System.nanoTime() < until) Thread.sleep(1);
            assertTrue(e.workerRefusedRealtime(), "the worker did not take the refusal");
            float[][] all = runOn(e, s, 4096, 40); // heavy cycles: a woken worker would claim some
            assertEquals(0, e.workerSubBlocks(), "a worker refused SCHED_FIFO still computed strips");
            for (int o = 0; o < inline.length; o++) assertArrayEquals(inline[o], all[o], "output " + o);
        } finally {
            StripWorker.scheduler = real;
        }
    }

    @Test
    void closeStopsTheWorkerThread() throws Exception {
        ConsoleState s = console();
        Engine e = new Engine(s.registry(), 48000f, s.copyValues(), Engine.Threading.WORKER);
        long id = e.workerThreadId();
        assertNotEquals(0, id);
        assertTrue(threadAlive(id), "worker thread not running after construction");
        e.close();
        assertTrue(!threadAlive(id), "worker thread still alive after close()");
        e.close(); // idempotent
    }

    private static boolean threadAlive(long id) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getId() == id && t.isAlive());
    }

    @Test
    void workersPropertyChoosesThreadingAndRejectsNonsense() {
        Layout big = Layout.of(16, 0, 0, 2), small = Layout.of(15, 0, 0, 2);
        String old = System.getProperty(ThreadingPolicy.PROPERTY);
        try {
            System.setProperty(ThreadingPolicy.PROPERTY, "0");
            assertEquals(Engine.Threading.SINGLE, ThreadingPolicy.fromSystemProperty(big));
            System.setProperty(ThreadingPolicy.PROPERTY, "1");
            assertEquals(Engine.Threading.WORKER, ThreadingPolicy.fromSystemProperty(small));
            System.setProperty(ThreadingPolicy.PROPERTY, "auto");
            assertEquals(Engine.Threading.SINGLE, ThreadingPolicy.fromSystemProperty(small));
            assertEquals(Runtime.getRuntime().availableProcessors() >= 2 ? Engine.Threading.WORKER : Engine.Threading.SINGLE,
                    ThreadingPolicy.fromSystemProperty(big));
            System.setProperty(ThreadingPolicy.PROPERTY, "2");
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ThreadingPolicy.fromSystemProperty(big));
            assertTrue(x.getMessage().contains("jackdesk.engine.workers") && x.getMessage().contains("'2'"), x.getMessage());
        } finally {
            if (old == null) System.clearProperty(ThreadingPolicy.PROPERTY);
            else System.setProperty(ThreadingPolicy.PROPERTY, old);
        }
        for (String bad : new String[] {"-1", "eight", "1025"}) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> withChunk(bad, ThreadingPolicy.Workers::fromSystemProperty));
            assertTrue(x.getMessage().contains(Engine.Threading.CHUNK_PROPERTY) && x.getMessage().contains("'" + bad + "'"),
                    x.getMessage());
        }
        assertEquals(Engine.Threading.DEFAULT_CHUNK_STRIPS, withChunk(" ", Engine.Threading::chunkStrips));
        assertEquals(0, withChunk("0", Engine.Threading::chunkStrips));
        assertThrows(IllegalArgumentException.class, () -> new Engine.Threading(1, true));
        assertThrows(IllegalArgumentException.class, () -> new Engine.Threading(3, false));
    }
}
