package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A smoke run of {@code jackdesk chaos}: every fault once against a console on a real private jackd. */
class ChaosCommandTest {

    @Test
    void shortChaosRunSurvivesEveryFaultOnceAndReportsPass() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(),
                "SKIPPED: jackd/jack_wait not installed (apt-get install -y jackd2); chaos needs a real server");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = BenchMain.run("chaos", "--seconds", "2", "--keepalive-ms", "500", "--seed", "7");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("\nPASS"), out);
        for (String fault : List.of("jackd killed and restarted", "clients vanished mid-drag", "garbage messages",
                "half-open connections", "never-reading clients")) {
            assertTrue(out.matches("(?s).*\\n  " + fault + "[^\\n]*\\s[1-9][0-9]*\\n.*"), "ran '" + fault + "' at least once: " + out);
        }
        assertTrue(out.matches("(?s).*slow_client=[1-9].*"), "a never-reading client was closed for its full queue: " + out);
    }

    @Test
    void chaosRefusesANonPositiveOrDoubleDuration() {
        BenchCli.Result r = BenchCli.run("chaos", "--seconds", "0");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("the duration must be positive"), r.err());
        r = BenchCli.run("chaos", "--minutes", "1", "--seconds", "5");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("give --minutes or --seconds, not both"), r.err());
    }
}
