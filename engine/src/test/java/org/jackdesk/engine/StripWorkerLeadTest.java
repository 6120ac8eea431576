package org.jackdesk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The strip worker's lead ({@code -Djackdesk.engine.workerLeadMicros}): once it has seen two cycles
 * in a row it parks with a deadline, gets up the lead before the next cycle is due and spins for
 * it; a cycle that does not come sends it back to waiting for the audio thread's wake. Observed by
 * the worker thread's state, sampled over windows of 10–20 ms, on a slow period (40 ms) and a long
 * lead (25 ms): a timer late by a few milliseconds on a busy machine still falls inside them.
 */
class StripWorkerLeadTest {
    private static final long PERIOD_MS = 40, LEAD_MS = 25, MS = 1_000_000;
    private final long before = StripWorker.leadNanos;

    @AfterEach
    void restore() {
        StripWorker.leadNanos = before;
    }

    private static Thread workerThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals(name)) return t;
        throw new AssertionError("no thread " + name);
    }

    /**
     * One cycle as the audio thread runs it: publish, open one sub-block, give the worker up to 100 ms
     * to take it (a busy machine may wake it late), merge. Returns when the cycle was published.
     */
    private static long cycle(StripWorker w) throws InterruptedException {
        long published = System.nanoTime();
        long taken = w.claimedByWorker();
        w.beginCycle(true);
        w.open(1);
        for (int i = 0; i < 100 && w.claimedByWorker() == taken; i++) Thread.sleep(1);
        if (w.tryClaim(0)) w.done(0);
        else w.awaitDone(0);
        w.merged(0);
        return published;
    }

    /**
     * A warm-up cycle (the worker's first wake may be slow: class loading, a busy machine), then two
     * cycles {@link #PERIOD_MS} apart (again if the worker was so slow to take the first that they
     * are not); returns when those two were published.
     */
    private static long[] twoInARow(StripWorker w) throws InterruptedException {
        cycle(w);
        for (int attempt = 0; attempt < 5; attempt++) {
            long first = cycle(w);
            while (System.nanoTime() < first + PERIOD_MS * MS) Thread.sleep(0, 200_000);
            long second = cycle(w);
            if (second - first < 45 * MS) return new long[] {first, second};
            Thread.sleep(60); // the worker was slow to take a cycle: no period; again
        }
        throw new AssertionError("no two cycles 40 ms apart in 5 attempts: the worker took over 5 ms to take its cycle each time");
    }

    /** The states the thread is seen in between the two times, sampled every 0.2 ms. */
    private static java.util.Set<Thread.State> statesBetween(Thread t, long fromNanos, long toNanos) throws InterruptedException {
        java.util.Set<Thread.State> seen = java.util.EnumSet.noneOf(Thread.State.class);
        while (System.nanoTime() < fromNanos) Thread.sleep(0, 200_000);
        while (System.nanoTime() < toNanos) {
            seen.add(t.getState());
            Thread.sleep(0, 200_000);
        }
        return seen;
    }

    @Test
    void withALeadTheWorkerGetsUpBeforeTheDueCycleAndWaitsAgainWhenItDoesNotCome() throws Exception {
        StripWorker.leadNanos = LEAD_MS * MS;
        AtomicInteger ran = new AtomicInteger();
        StripWorker w = new StripWorker(k -> ran.incrementAndGet(), "strip-worker-lead-test");
        w.start();
        try {
            Thread t = workerThread("strip-worker-lead-test");
            long[] two = twoInARow(w); // the worker now knows the period
            long due = two[1] + (two[1] - two[0]);
            var parked = statesBetween(t, due - 38 * MS, due - 28 * MS);
            assertTrue(parked.contains(Thread.State.TIMED_WAITING), "parked until the lead before the due cycle: " + parked);
            var up = statesBetween(t, due - 15 * MS, due);
            assertTrue(up.contains(Thread.State.RUNNABLE), "up and spinning for the due cycle: " + up);
            // the cycle does not come: past the due time and the overrun it waits to be woken again
            var after = statesBetween(t, due + 10 * MS, due + 30 * MS);
            assertTrue(after.contains(Thread.State.WAITING), "back to waiting for the wake: " + after);
            long taken = w.claimedByWorker();
            cycle(w); // and the wake still works
            assertEquals(taken + 1, w.claimedByWorker(), "the woken worker computed the cycle's sub-block");
            assertTrue(ran.get() >= 3, "every sub-block ran once: " + ran.get());
        } finally {
            w.close();
        }
    }

    @Test
    void withoutALeadTheWorkerWaitsToBeWokenBetweenCycles() throws Exception {
        StripWorker.leadNanos = 0;
        StripWorker w = new StripWorker(k -> { }, "strip-worker-nolead-test");
        w.start();
        try {
            Thread t = workerThread("strip-worker-nolead-test");
            long[] two = twoInARow(w);
            long due = two[1] + (two[1] - two[0]);
            var states = statesBetween(t, due - 25 * MS, due);
            assertEquals(java.util.Set.of(Thread.State.WAITING), states, "parked with no deadline, never up before the wake");
        } finally {
            w.close();
        }
    }

    @Test
    void aLeadThatIsNotAWholeNumberOfMicrosecondsFrom0To1000IsIgnored() {
        assertEquals(150_000, StripWorker.parseLead("150"));
        assertEquals(0, StripWorker.parseLead("0"));
        assertEquals(1_000_000, StripWorker.parseLead(" 1000 "));
        assertEquals(0, StripWorker.parseLead("1001"));
        assertEquals(0, StripWorker.parseLead("-5"));
        assertEquals(0, StripWorker.parseLead("150us"));
    }
}
