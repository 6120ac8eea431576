package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.BackendEngineControl;
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
 * child on a private jackd print every promised field and lose nothing; and a console that drops
 * a value is caught as a lost update with a non-zero exit. No timing is asserted.
 */
class BenchSoakCommandTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shortSoakReportsEveryFieldAndLosesNoUpdate() {
        Assumptions.assumeTrue(PrivateJackServer.jackdAvailable(), "SKIPPED: jackd not installed (apt-get install -y jackd2)");
        BenchCli.Result r = BenchCli.run("bench", "soak", "--clients", "4", "--rate", "20", "--seconds", "3",
                "--warmup", "0", "--baseline-seconds", "1", "--max-load", "1000");
        String out = r.out();
        assertEquals(0, r.code(), out + r.err());
        assertTrue(out.matches("(?s).*idle baseline: a do-nothing client alone on the server, 1 s: \\d+ xruns.*"), out + r.err());
        assertTrue(out.matches("(?s).*server limits passed to the console: 12 WebSocket connections, 12 per address,"
                + " 200 messages/s per client, 5000 messages/s in total.*"), out + r.err());
        assertTrue(out.matches("(?s).*sets: \\d+ per second achieved while measuring \\(asked 80\\); ([1-9]\\d*) sent in all, \\1 acked.*"), out + r.err());
        assertTrue(out.matches("(?s).*xruns: \\d+ during the soak \\(the console's JACK client; \\d+ seen by the idle client\\);"
                + " baseline \\d+ in 1 s, i\\.e\\. [0-9.]+ expected in [0-9.]+ s: \\d+ beyond the baseline.*"), out + r.err());
        assertTrue(out.matches("(?s).*callback: p50 \\d+ µs  p99 \\d+ µs  p99\\.9 \\d+ µs  max [0-9.]+ µs \\([0-9.]+ % of the"
                + " 1333 µs period\\), [1-9]\\d* cycles.*"), out + r.err());
        assertTrue(out.matches("(?s).*echo latency \\(a client's set until the 'changed' at each of the other 3 clients, matched by"
                + " path and value\\): p50 [0-9.]+ ms  p99 [0-9.]+ ms  p99\\.9 [0-9.]+ ms  max [0-9.]+ ms \\([1-9]\\d* changes\\).*"), out + r.err());
        assertTrue(out.matches("(?s).*ack latency \\(set until the sender's 'ack'\\): p50 [0-9.]+ ms  p99 [0-9.]+ ms  max [0-9.]+ ms"
                + " \\([1-9]\\d* acks\\).*"), out + r.err());
        assertTrue(out.contains("errors received: none"), out + r.err());
        assertTrue(out.matches("(?s).*server process: CPU [0-9.]+ % of one core \\(its event loop [0-9.]+ %\\); heap \\d+ MiB after GC"
                + " at the end / \\d+ MiB max.*"), out + r.err());
        assertTrue(out.matches("(?s).*final state \\(GET /api/state\\) vs the last value each client sent: 16 paths checked,"
                + " lost updates 0; client views that differ from the final state: 0 \\(of 64\\).*"), out + r.err());
        assertTrue(out.matches("(?s).*targets \\(issue 8\\): 0 xruns beyond the baseline (met|MISSED); p99 echo <= 10 ms (met|MISSED);"
                + " 0 lost updates met.*"), out + r.err());
        assertTrue(out.contains("functional: ok"), out + r.err());
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
        ConsoleState state = new ConsoleState(registry);
        Param victim = registry.require("ch/1/fader");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Engine mix = new Engine(registry, 48000f, state.copyValues());
        try (InternalClock clock = InternalClock.start(48000, 256, mix.inputPortNames().size(), mix.outputPortNames().size(), mix::process)) {
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
            ServerOptions so = ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC).withMaxConnections(16);
            ControlServer.Bound bound = ControlServer.deploy(vertx, state, new BackendEngineControl(mix, clock), so,
                    SecurityOptions.open().withLimits(16, 5000)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            BenchCli.Result r = BenchCli.run("bench", "soak", "--url", "http://127.0.0.1:" + bound.httpPort(), "--clients", "3",
                    "--rate", "20", "--seconds", "2", "--warmup", "0", "--max-load", "1000");
            String out = r.out();
            assertEquals(1, r.code(), out + r.err());
            assertTrue(out.contains("lost updates 1;"), out + r.err());
            assertTrue(out.contains("ch/1/fader: sent "), out + r.err());
            assertTrue(out.contains("0 lost updates MISSED"), out + r.err());
            assertTrue(out.contains("functional: FAILED"), out + r.err());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
