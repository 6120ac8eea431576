package org.jackdesk.engine.jack;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts a private {@code jackd -d dummy} for a test, or skips the test with an explicit message
 * when jackd is not installed ({@code ./jackdesk test} installs it, so in CI these tests run).
 */
public final class JackTestServer {
    private JackTestServer() {
    }

    /**
     * Idle CPUs held at polling from the first server a test JVM starts, as {@code jackdesk start}
     * holds them while the console runs (docs/engine-notes.md, "Idle CPUs that halt"): on this
     * project's machine kind a halting CPU makes even an idle JACK client miss a cycle a second or
     * so, and the JACK tests' exact comparisons retry on xruns only a few times (three fresh-clone
     * runs on 2026-12-07 each failed one JACK test so). Where the device cannot be written the
     * tests run as before.
     */
    private static org.jackdesk.engine.host.CpuIdleHold cpuIdle;

    public static PrivateJackServer start(PrivateJackServer.Options options) throws IOException {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(),
                "SKIPPED: jackd/jack_wait not installed (apt-get install -y jackd2); JACK tests need a real server");
        holdCpuIdle();
        return PrivateJackServer.start(options.withNamePrefix("jdtest"));
    }

    private static synchronized void holdCpuIdle() {
        // As start does, so -Djackdesk.cpuIdle=os runs the tests with halting CPUs.
        if (cpuIdle == null) cpuIdle = org.jackdesk.engine.host.CpuIdleHold.acquire();
    }

    /** Drops the tests' hold (the next server start takes it again): for a test that needs the CPUs halting. */
    public static synchronized void releaseCpuIdle() {
        if (cpuIdle != null) cpuIdle.close();
        cpuIdle = null;
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeoutMillis} passes. */
    public static boolean await(java.util.function.BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
