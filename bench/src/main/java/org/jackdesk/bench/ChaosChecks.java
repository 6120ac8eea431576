package org.jackdesk.bench;

import org.jackdesk.control.cli.RawWs;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jackdesk.control.ws.SessionHandler;
import org.jackdesk.engine.jack.AudioBackend;

/**
 * The end of a {@link ChaosRun}: every faulty client released, the steady ones still served and
 * showing the console's values, every value the last one acked, no non-finite sample, heap and
 * queues bounded. Each miss becomes one of the run's failures.
 */
final class ChaosChecks {
    private ChaosChecks() {}

    static void finalChecks(ChaosRun run) throws Exception {
        // Every faulty client released by the console (keepalive, full queue); only the steady ones remain.
        boolean released = ChaosRun.await(() -> run.metrics.wsClients() == ChaosRun.STEADY_CLIENTS, 30_000);
        run.check(released, "every faulty client was released (" + run.metrics.wsClients() + " connected, " + ChaosRun.STEADY_CLIENTS + " steady)");
        long slow = run.metrics.errors(SessionHandler.SLOW_CLIENT);
        run.check(slow == run.neverReading.size(), "every never-reading client was closed for its full queue (" + slow + " of "
                + run.neverReading.size() + ")");
        int hung = 0;
        for (RawWs w : run.halfOpen) if (!w.drainUntilEof(5000)) hung++;
        run.check(hung == 0, "the console hung up every half-open TCP connection (" + hung + " still open)");
        for (ChaosClient c : run.steady) run.check(c.alive(), "steady client " + c.session + " is still served");
        run.check(run.steady.stream().allMatch(c -> c.errors.get() == 0), "the steady clients never got an error");
        try (RawWs fresh = RawWs.connect(run.port, 0)) {
            fresh.await("hello");
            JsonObject snap = fresh.await("snapshot").getJsonObject("values");
            run.check(new JsonObject(run.state.snapshot()).equals(snap), "a new client's snapshot is the console's state");
        }
        int wrong = 0;
        for (Map.Entry<String, Double> e : run.lastAcked.entrySet()) {
            if (Math.abs(run.state.get(e.getKey()) - e.getValue()) > 1e-9) {
                wrong++;
                if (wrong <= 5) run.failures.add(e.getKey() + " is " + run.state.get(e.getKey()) + ", last acked " + e.getValue());
            }
        }
        run.check(wrong == 0, "every value is the last one acked (" + run.lastAcked.size() + " paths)");
        Thread.sleep(300); // changes are coalesced (1/60 s): let the last ones arrive
        for (ChaosClient c : run.steady) {
            int differ = 0;
            for (String p : run.lastAcked.keySet()) {
                Object v = c.view.get(p);
                if (!(v instanceof Number n) || Math.abs(n.doubleValue() - run.state.get(p)) > 1e-9) differ++;
            }
            run.check(differ == 0, "steady client " + c.session + " shows the console's values (" + differ + " differ)");
        }
        AudioBackend b = run.host.backend();
        run.check(b.nonFiniteOutputs() == 0, "no non-finite sample in the engine's outputs (" + b.nonFiniteOutputs() + " periods)");
        run.check(b.processorFailures() == 0, "the audio callback never threw (" + b.processorFailures() + ")");
        run.check(run.probe.nonFinite == 0, "no non-finite sample read from main_L/main_R over JACK (" + run.probe.nonFinite + ")");
        run.check(run.probe.frames > 0, "the output probe read audio over JACK (" + run.probe.frames + " frames)");
        long heapGrowth = ChaosRun.heapAfterGc() - run.heapBaseline;
        run.check(heapGrowth < ChaosRun.HEAP_GROWTH_LIMIT_BYTES, "heap after GC grew " + ChaosRun.mib(heapGrowth)
                + " (limit " + ChaosRun.mib(ChaosRun.HEAP_GROWTH_LIMIT_BYTES) + ")");
        run.check(run.metrics.maxQueuedBytes() <= SessionHandler.MAX_QUEUED_BYTES_HARD, "no client's queue passed "
                + SessionHandler.MAX_QUEUED_BYTES_HARD + " bytes (max " + run.metrics.maxQueuedBytes() + ")");
    }
}
