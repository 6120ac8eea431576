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

    public static PrivateJackServer start(PrivateJackServer.Options options) throws IOException {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(),
                "SKIPPED: jackd/jack_wait not installed (apt-get install -y jackd2); JACK tests need a real server");
        return PrivateJackServer.start(options.withNamePrefix("jdtest"));
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
