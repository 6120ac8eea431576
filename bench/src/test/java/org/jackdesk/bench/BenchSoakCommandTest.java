package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.BackendEngineControl;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.jack.InternalClock;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps {@code bench soak} from rotting: a few clients for a few seconds against the real console
 * child on a private jackd measure every field of the result record and lose nothing; and a
 * console that drops a value is caught as a lost update with a non-zero exit. No timing is asserted.
 */
class BenchSoakCommandTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shortSoakMeasuresEveryFieldAndLosesNoUpdate() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        BenchCli.Result run = BenchCli.run("bench", "soak", "--clients", "4", "--rate", "20", "--seconds", "3",
                "--warmup", "0", "--baseline-seconds", "1", "--max-load", "1000", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        SoakResult r = ResultJson.read(run.out(), SoakResult.class);
        assertEquals(new SoakResult.Baseline(1, r.baseline().xruns()), r.baseline(), run.out());
        assertEquals(new SoakResult.Limits(12, 12, 200, 5000), r.limits(), run.out());
        assertTrue(r.setsSent() > 0 && r.setsSent() == r.acks(), "every set acked: " + run.out());
        assertTrue(r.setsPerSecond() > 0, run.out());
        SoakConsoleStats st = r.stats();
        assertTrue(st.xruns() >= 0 && r.observerXruns() >= 0 && r.xrunsBeyondBaseline() >= 0, run.out());
        assertEquals(1333, Math.round(SoakResult.PERIOD_MICROS));
        assertTrue(st.cycles() > 0 && st.callbackP50Micros() <= st.callbackP99Micros() && st.callbackMaxMicros() > 0, run.out());
        assertTrue(r.echo().count() > 0 && r.echo().p50Ms() <= r.echo().p99Ms(), "echoes at the other 3 clients: " + run.out());
        assertTrue(r.ack().count() > 0, run.out());
        assertTrue(r.errors().isEmpty(), "errors received: none: " + r.errors());
        assertTrue(st.processMeasured() && st.cpuPercent() >= 0 && st.eventLoopCpuPercent() >= 0 && st.heapAfterGcBytes() > 0
                && st.heapMaxBytes() > 0, run.out());
        assertFalse(st.faults(), run.out());
        assertEquals(new SoakResult.FinalState(16, 0, 0, 64, java.util.List.of()), r.finalState(), run.out());
        assertTrue(r.lostUpdatesTargetMet(), run.out());
        assertTrue(r.functional(), "functional: ok: " + run.out());
    }

    @Test
    void theReportPrintsTheFieldsAndTheVerdict() {
        SoakResult.Setup setup = new SoakResult.Setup(4, 20, 30, 3, 0, true, false, null, "Java 21", 2, 0.5);
        SoakConsoleStats st = new SoakConsoleStats(3.0, 2L, 2250L, 20.0, 40.0, 60.0, 133.3, 5.0, 0L, 0L, 30.0, 4.0, 1L, 2L, 3L, 4L,
                64L << 20, 128L << 20, 1024L << 20, 32L << 20, 0L);
        SoakResult.Latency lat = new SoakResult.Latency(1, 2, 3, 4, 100);
        SoakResult ok = new SoakResult(setup, "child", "private jackd 'x'", new SoakResult.Baseline(1, 1), new SoakResult.Limits(12, 12, 200, 5000),
                16, 4, 20, 6, 3.0, 240, 240, 240, true, st, 3, lat, lat, 29.0, java.util.Map.of(), java.util.List.of(), 0, 40.0, 0,
                new SoakResult.FinalState(16, 0, 0, 64, java.util.List.of()), 0.6);
        String t = SoakReport.table(ok);
        assertTrue(t.contains("server limits passed to the console: 12 WebSocket connections, 12 per address,"
                + " 200 messages/s per client, 5000 messages/s in total"), t);
        assertTrue(t.contains("sets: 80 per second achieved while measuring (asked 80); 240 sent in all, 240 acked"), t);
        assertTrue(t.contains("xruns: 2 during the soak (the console's JACK client; 3 seen by the idle client);"
                + " baseline 1 in 1 s, i.e. 3.0 expected in 3 s: 0 beyond the baseline"), t);
        assertTrue(t.contains("final state (GET /api/state) vs the last value each client sent: 16 paths checked,"
                + " lost updates 0; client views that differ from the final state: 0 (of 64)"), t);
        assertTrue(t.contains("0 xruns beyond the baseline met; p99 echo <= 10 ms met; 0 lost updates met"), t);
        assertTrue(t.contains("functional: ok"), t);
        SoakResult lost = new SoakResult(setup, "child", "private jackd 'x'", new SoakResult.Baseline(1, 1), new SoakResult.Limits(12, 12, 200, 5000),
                16, 4, 20, 6, 3.0, 240, 240, 240, true, st, 3, lat, lat, 29.0, java.util.Map.of(), java.util.List.of(), 0, 40.0, 0,
                new SoakResult.FinalState(16, 1, 0, 64, java.util.List.of("ch/1/fader: sent -6.0 last, console has -90.0")), 0.6);
        String f = SoakReport.table(lost);
        assertTrue(f.contains("lost updates 1;") && f.contains("  ch/1/fader: sent -6.0 last"), f);
        assertTrue(f.contains("0 lost updates MISSED") && f.contains("functional: FAILED"), f);
        assertEquals(1, lost.exitCode());
    }

    @Test
    void consoleStatsTravelAsOneLineAndReadBackEqual() {
        SoakConsoleStats st = new SoakConsoleStats(3.0, 2L, 2250L, 20.0, 40.0, 60.0, 133.3, 5.0, 0L, 0L, 30.0, 4.0, 1L, 2L, 3L, 4L,
                64L << 20, 128L << 20, 1024L << 20, 32L << 20, 0L);
        String line = ResultJson.writeLine(st);
        assertFalse(line.contains("\n"), line);
        assertEquals(st, ResultJson.read(line, SoakConsoleStats.class));
        SoakConsoleStats fromMetrics = SoakConsoleStats.fromMetrics(3, 250.5);
        assertEquals(fromMetrics, ResultJson.read(ResultJson.writeLine(fromMetrics), SoakConsoleStats.class));
        assertFalse(fromMetrics.processMeasured());
    }

    @Test
    void optionsForTheStartedConsoleAreRefusedWithUrl() {
        for (String opt : new String[] {"--console-off-jack", "--baseline-seconds=5"}) {
            BenchCli.Result r = BenchCli.run("bench", "soak", "--url", "http://127.0.0.1:1", "--seconds", "1", opt);
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains(opt.replace("=5", "") + " applies to the console this command starts"), r.err());
        }
    }

    /**
     * A console whose state overwrites one of the moved paths behind the clients' backs (the way a
     * lost update would look) is caught: lost updates 1, a non-zero exit. Runs with --url against
     * an in-process server on the internal clock, which also keeps the --url mode working.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aConsoleThatDropsAValueIsReportedAsALostUpdate() throws Exception {
        ParamRegistry registry = ParamRegistry.forLayout(ConfigJson.builtinDefault().toLayout());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Engine mix = new Engine(registry, 48000f, new ConsoleState(registry).copyValues());
        try (InternalClock clock = InternalClock.start(48000, 256, mix.inputPortNames().size(), mix.outputPortNames().size(), mix::process)) {
            ServerOptions so = ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC).withMaxConnections(16);
            Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault(), new BackendEngineControl(mix, clock), vertx)
                    .withServer(so).withSecurity(SecurityOptions.open().withLimits(16, 5000)));
            ConsoleState state = console.state();
            Param victim = state.registry().require("ch/1/fader");
            state.addListener((p, v, origin) -> {
                if (p == victim && !"saboteur".equals(origin)) {
                    vertx.runOnContext(x -> {
                        try {
                            state.set(victim, -90.0, "saboteur");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            });
            ControlServer.Bound bound = console.bound();
            BenchCli.Result run = BenchCli.run("bench", "soak", "--url", "http://127.0.0.1:" + bound.httpPort(), "--clients", "3",
                    "--rate", "20", "--seconds", "2", "--warmup", "0", "--max-load", "1000", "--json");
            assertEquals(1, run.code(), run.out() + run.err());
            SoakResult r = ResultJson.read(run.out(), SoakResult.class);
            assertEquals(1, r.finalState().lostUpdates(), run.out());
            assertTrue(r.finalState().examples().stream().anyMatch(e -> e.startsWith("ch/1/fader: sent ")), run.out());
            assertFalse(r.lostUpdatesTargetMet(), run.out());
            assertFalse(r.functional(), run.out());
            assertNull(r.baseline(), "no baseline with --url: " + run.out());
            assertEquals(-1, r.observerXruns(), run.out());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
