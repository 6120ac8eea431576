package org.jackdesk.engine.jack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the control plane calls on a running backend from an event loop or inside the console
 * state's lock returns at once even while the session lock is held — as it is for seconds by a
 * close or a reconnect to a server that hangs (issue 16: "nothing on a Vert.x event loop or under
 * the state lock waits for libjack"). Before, {@code latencyChanged} (called by the state listener
 * when a limiter is switched) and {@code dspLoadPercent} (read by {@code /metrics} and the health
 * check) took the lock and called libjack under it.
 */
@Timeout(60)
class JackBackendNeverWaitsTest {
    private static final long HOLD_MILLIS = 1500;

    @Test
    void latencyChangeAndDspLoadReturnWhileTheSessionLockIsHeld() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             JackBackend backend = JackBackend.open(JackBackend.Config.of(List.of("ch1"), List.of("main_L"))
                     .withServerName(server.name()), null, null)) {
            backend.start(new JackBackendTest.Gain(1f));
            Field f = JackBackend.class.getDeclaredField("lock");
            f.setAccessible(true);
            Object lock = f.get(backend);
            CountDownLatch held = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                synchronized (lock) {
                    held.countDown();
                    try {
                        Thread.sleep(HOLD_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "holds-the-session-lock");
            holder.start();
            held.await();
            long t0 = System.nanoTime();
            backend.latencyChanged();
            float load = backend.dspLoadPercent();
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            holder.join();
            assertTrue(tookMillis < HOLD_MILLIS / 3, "latencyChanged + dspLoadPercent waited " + tookMillis
                    + " ms for the session lock (held " + HOLD_MILLIS + " ms)");
            assertTrue(load >= 0 && Float.isFinite(load), "load " + load);
        }
    }
}
