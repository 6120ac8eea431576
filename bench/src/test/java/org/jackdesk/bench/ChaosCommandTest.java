package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jackdesk.control.ws.SessionHandler;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A smoke run of {@code jackdesk chaos}: every fault once against a console on a real private jackd. */
class ChaosCommandTest {

    @Test
    void shortChaosRunSurvivesEveryFaultOnceAndPasses() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(),
                "SKIPPED: jackd/jack_wait not installed (apt-get install -y jackd2); chaos needs a real server");
        BenchCli.Result run = BenchCli.run("chaos", "--seconds", "2", "--keepalive-ms", "500", "--seed", "7", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        ChaosResult r = ResultJson.read(run.out(), ChaosResult.class);
        assertTrue(r.passed(), "PASS: " + r.failures());
        assertEquals(7, r.seed());
        for (String fault : List.of("jackd killed and restarted", "clients vanished mid-drag", "garbage messages",
                "half-open connections", "never-reading clients")) {
            int ran = r.counts().entrySet().stream().filter(e -> e.getKey().startsWith(fault)).mapToInt(Map.Entry::getValue).sum();
            assertTrue(ran >= 1, "ran '" + fault + "' at least once: " + r.counts());
        }
        assertTrue(r.errorsByCode().getOrDefault(SessionHandler.SLOW_CLIENT, 0L) >= 1,
                "a never-reading client was closed for its full queue: " + r.errorsByCode());
    }

    @Test
    void theReportEndsInPassOrListsEveryFailure() {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("jackd killed and restarted", 1);
        ChaosResult pass = new ChaosResult(2, 7, 500, counts, 3, 4, 1000, 2000, 4000, Map.of("slow_client", 1L), 0,
                new ChaosResult.Probe(48000, 0.5f, 0), 1 << 20, List.of());
        String t = ChaosReport.table(pass);
        assertTrue(t.contains("jackdesk chaos report (2 s, seed 7)"), t);
        assertTrue(t.matches("(?s).*\\n  jackd killed and restarted +1\\n.*"), t);
        assertTrue(t.contains("slow_client=1"), t);
        assertTrue(t.endsWith("PASS" + System.lineSeparator()), t);
        assertEquals(0, pass.exitCode());
        ChaosResult fail = new ChaosResult(2, 7, 500, counts, 3, 4, 1000, 2000, 4000, Map.of(), 0,
                new ChaosResult.Probe(48000, 0.5f, 0), 1 << 20, List.of("ch/1/fader is -90.0, last acked -6.0"));
        assertTrue(ChaosReport.table(fail).contains("FAIL (1):" + System.lineSeparator() + "  - ch/1/fader is -90.0, last acked -6.0"));
        assertEquals(1, fail.exitCode());
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
