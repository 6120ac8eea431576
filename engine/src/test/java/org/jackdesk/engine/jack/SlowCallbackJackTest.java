package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jackdesk.engine.AudioProcessor;
import org.junit.jupiter.api.Test;

/**
 * The slow-callback attribution on a real private dummy jackd: a callback that a test hook makes
 * slow in a known way is recorded by the audio thread and classified for that reason off it.
 * The hooks fire a few times a second apart, early in the run (before the callback is C2-compiled,
 * so a first-taken branch does not deoptimize and overlap the callback with a JVM event).
 */
class SlowCallbackJackTest {
    private static final int PERIOD = 64;
    private static final int HOOKED = 3;
    /** The hooked cycles, well after activation (JFR's own start-up safepoints happen before). */
    private static final long FIRST_HOOK = 1500, HOOK_EVERY = 400;

    /** Passes input to output; on the hooked cycles runs {@code hook} and notes when ({@link System#nanoTime}). */
    private static final class Hooked implements AudioProcessor {
        final Runnable hook;
        final long[] firedAt = new long[HOOKED];
        volatile long cycles;
        volatile int fired;

        Hooked(Runnable hook) {
            this.hook = hook;
        }

        @Override
        public void process(float[][] in, float[][] out, int n) {
            long c = cycles;
            System.arraycopy(in[0], 0, out[0], 0, n);
            if (c >= FIRST_HOOK && (c - FIRST_HOOK) % HOOK_EVERY == 0 && fired < HOOKED) {
                firedAt[fired] = System.nanoTime();
                hook.run();
                fired = fired + 1;
            }
            cycles = c + 1;
        }

        /** Fixed stage times: the records must carry what the processor reports. */
        @Override
        public void cycleStages(long[] into) {
            into[0] = 1_000;
            into[1] = 2_000;
            into[2] = 3_000;
            into[3] = 7_000;
        }
    }

    /**
     * Runs {@code hook} in {@link #HOOKED} callbacks and returns those callbacks as classified
     * (picked by time: other slow callbacks, e.g. the machine's, may happen meanwhile).
     */
    private static List<SlowCallback> run(Runnable hook) throws Exception {
        assertTrue(SlowCallbacks.available(), "thread clocks unavailable: " + ThreadUsage.UNAVAILABLE_REASON);
        Hooked p = new Hooked(hook);
        Predicate<SlowCallback> hooked = c -> {
            for (long t : p.firedAt) if (t >= c.startNanos() && t <= c.startNanos() + c.wallNanos()) return true;
            return false;
        };
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults().withPeriod(PERIOD));
             JackBackend jack = JackBackend.open(JackBackend.Config.of(List.of("in"), List.of("out"))
                     .withServerName(server.name()), null, null)) {
            jack.start(p);
            assertTrue(JackTestServer.await(() -> p.fired >= HOOKED, 30_000), "hooks fired " + p.fired);
            // JFR flushes about once a second; a record waits for the flush that covers it.
            assertTrue(JackTestServer.await(() -> {
                CallbackAttribution.Snapshot s = jack.slowCallbacks();
                return s.recent().stream().filter(hooked).count() >= HOOKED && s.pending() == 0;
            }, 15_000), "hooked callbacks not all classified (hooks at " + java.util.Arrays.toString(p.firedAt) + "): "
                    + jack.slowCallbacks());
            CallbackAttribution.Snapshot s = jack.slowCallbacks();
            assertEquals(PERIOD * 1e6 / jack.sampleRate() / 2, s.thresholdMicros(), 1.0, "threshold: half the period");
            return s.recent().stream().filter(hooked).toList();
        }
    }

    @Test
    void aCallbackThatSleepsIsBlocked() throws Exception {
        List<SlowCallback> hooked = run(() -> LockSupport.parkNanos(8_000_000));
        assertEquals(HOOKED, hooked.size(), hooked.toString());
        for (SlowCallback c : hooked) {
            assertEquals(SlowCause.BLOCKED, c.cause(), c.toString());
            // The 8 ms sleep is spent off the CPU. Not "CPU under 2 ms": this VM charges the host's time to
            // the running thread as CPU (cpu_spike), and a fresh-clone run saw 6.2 ms of CPU in a 14.2 ms
            // callback around the 8 ms park — still 8 ms off the CPU, still BLOCKED.
            assertTrue(c.wallNanos() >= 8_000_000 && c.voluntarySwitches() > 0 && c.wallNanos() - c.cpuNanos() >= 6_000_000, c.toString());
            // the CPU canary ran at both ends and has a usual by now (the hooks come after 1 500 callbacks)
            assertTrue(c.canaryNanos() > 0 && c.usualCanaryNanos() > 0, c.toString());
        }
    }

    @Test
    void aCallbackTouchingFreshPagesIsAPageFault() throws Exception {
        sun.misc.Unsafe u = unsafe();
        int pages = 8192;
        // Reserved but never touched before the hooks (malloc maps it; 4 KiB pages: THP is madvise-only by default).
        long base = u.allocateMemory((long) pages * HOOKED * 4096 + 4096);
        try {
            int[] round = {0};
            List<SlowCallback> hooked = run(() -> {
                long from = base + (long) round[0]++ * pages * 4096;
                for (int i = 0; i < pages; i++) u.putByte(from + (long) i * 4096, (byte) 1);
            });
            assertEquals(HOOKED, hooked.size(), hooked.toString());
            for (SlowCallback c : hooked) {
                assertEquals(SlowCause.PAGE_FAULT, c.cause(), c.toString());
                assertTrue(c.minorFaults() >= pages - 1, c.toString()); // the first page may hold malloc's header
            }
        } finally {
            u.freeMemory(base);
        }
    }

    /**
     * With every callback recorded (threshold 0: the "after" readings, the processor's stage times
     * and the ring write on every cycle, not only the slow ones), the JACK thread still allocates
     * nothing; the records carry the stages the processor reported.
     */
    @Test
    void recordingEveryCallbackAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CallbackAttribution.thresholdOverrideNanos = 0;
        Hooked p = new Hooked(() -> { });
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults().withPeriod(PERIOD));
             JackBackend jack = JackBackend.open(JackBackend.Config.of(List.of("in"), List.of("out"))
                     .withServerName(server.name()), null, null)) {
            jack.start(p);
            assertTrue(JackTestServer.await(() -> jack.cycleCount() > 5000, 30_000), "no warm-up cycles");
            long tid = jack.audioThreadId();
            long a0 = mx.getThreadAllocatedBytes(tid), c0 = jack.cycleCount(), s0 = jack.slowCallbacks().slow();
            assertTrue(JackTestServer.await(() -> jack.cycleCount() >= c0 + 5000, 30_000), "cycles stalled");
            long allocated = mx.getThreadAllocatedBytes(tid) - a0, cycles = jack.cycleCount() - c0;
            assertEquals(tid, jack.audioThreadId());
            assertEquals(0, allocated, "bytes the JACK thread allocated over " + cycles + " recorded cycles");
            assertTrue(JackTestServer.await(() -> jack.slowCallbacks().slow() - s0 >= cycles - 300, 10_000),
                    "recorded " + (jack.slowCallbacks().slow() - s0) + " of " + cycles + " cycles: " + jack.slowCallbacks().dropped() + " dropped");
            SlowCallback last = jack.slowCallbacks().recent().get(jack.slowCallbacks().recent().size() - 1);
            assertEquals(new StageTimes(1_000, 2_000, 3_000, 7_000), last.stages(), "the processor's stages, recorded: " + last);
        } finally {
            CallbackAttribution.thresholdOverrideNanos = -1;
        }
    }

    static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return (sun.misc.Unsafe) f.get(null);
    }
}
