package org.jackdesk.control.midi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.ClientHub;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ServerMetrics;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.midi.MidiTransport;
import org.junit.jupiter.api.Test;

/** The adapter on a real Vert.x event loop, its input queue fed as the JACK thread would. */
class MidiServerTest {
    @Test
    void aFailureInOnePollDoesNotEndTheAdapter() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ConsoleConfig cfg = ConfigJson.read("t.json", """
                    {"version": 2, "layout": {"channels": [{"name": "A"}, {"name": "B"}]},
                     "midi": {"mackie": true, "mappings": [{"type": "cc", "number": 7, "path": "ch/1/pan", "takeover": "jump"}]}}
                    """);
            ConsoleState state = new ConsoleState(ParamRegistry.forLayout(cfg.toLayout()));
            MidiTransport transport = new MidiTransport();
            ServerMetrics metrics = new ServerMetrics();
            AtomicInteger calls = new AtomicInteger();
            // The meters fail the first polls (as a bug anywhere in a poll would).
            Supplier<MeterBank> meters = () -> {
                if (calls.getAndIncrement() < 3) throw new IllegalStateException("a broken meter bank");
                return null;
            };
            Context ctx = vertx.getOrCreateContext();
            CompletableFuture<MidiServer> started = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                ClientHub hub = new ClientHub(ctx, metrics);
                ParameterService params = new ParameterService(state, hub, ParameterService.Limits.perClientOnly(200));
                params.start();
                MidiServer m = new MidiServer(vertx, params, metrics, null, hub, transport, cfg, meters);
                m.start();
                started.complete(m);
            });
            started.get(5, TimeUnit.SECONDS);
            long end = System.nanoTime() + 5_000_000_000L;
            while (calls.get() < 4 && System.nanoTime() < end) Thread.sleep(5);
            assertTrue(metrics.errors("midi_internal") >= 3, "the failures are counted: " + metrics.errors("midi_internal"));
            byte[] cc = {(byte) 0xB0, 7, 127};
            transport.acceptEvent(cc, 3, 0);
            int pan = state.registry().find("ch/1/pan").slot();
            while (state.get(pan) != 1.0 && System.nanoTime() < end + 5_000_000_000L) Thread.sleep(5);
            assertTrue(state.get(pan) == 1.0, "the adapter still maps after the failures: pan " + state.get(pan));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
