package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.host.AudioStatus;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.host.ThreadingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition root on the internal clock (no JACK needed): it starts the whole console,
 * reports a typed status, decides the strip threading itself, saves the show last when closed, and
 * undoes a start that fails.
 */
class ConsoleTest {
    private static final ConsoleConfig CONFIG = ConfigJson.builtinDefault();

    private static EngineHost.Options internalClock() {
        return new EngineHost.Options("jdroot", null, false, true, false, 48000, 64, List.of());
    }

    @Test
    void startsTheWholeConsoleAndReportsItsStatusAsAValue() throws Exception {
        try (Console console = Console.start(Console.Options.of(CONFIG, internalClock()))) {
            Console.Status s = console.status();
            assertEquals(AudioStatus.State.INTERNAL_CLOCK, s.audio().state());
            assertEquals(EngineHost.Mode.INTERNAL_CLOCK, s.mode());
            assertEquals(48000, s.sampleRate());
            assertEquals(64, s.periodFrames());
            assertFalse(s.demo());
            assertEquals(-1, s.oscPort(), "OSC off");
            assertTrue(s.httpPort() > 0);
            assertEquals(0, s.saveFailures());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.httpPort() + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"status\":\"ok\""), r.body());
        }
    }

    @Test
    void theRootDecidesTheStripWorkerWhateverThePropertySays() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "a worker needs 2 CPUs");
        assumeTrue(CONFIG.toLayout().channels().size() >= ThreadingPolicy.MIN_CHANNELS, "the built-in layout is big enough for auto");
        String old = System.getProperty(ThreadingPolicy.PROPERTY);
        try {
            // The property says the opposite of the root each time: only the root's choice may count.
            System.setProperty(ThreadingPolicy.PROPERTY, "1");
            try (Console console = Console.start(Console.Options.of(CONFIG, internalClock()).withWorkers(ThreadingPolicy.Workers.OFF))) {
                assertEquals(Engine.Threading.SINGLE, console.host().engine().threading());
            }
            System.setProperty(ThreadingPolicy.PROPERTY, "0");
            try (Console console = Console.start(Console.Options.of(CONFIG, internalClock()).withWorkers(ThreadingPolicy.Workers.ON))) {
                assertEquals(Engine.Threading.WORKER, console.host().engine().threading());
            }
        } finally {
            if (old == null) System.clearProperty(ThreadingPolicy.PROPERTY);
            else System.setProperty(ThreadingPolicy.PROPERTY, old);
        }
    }

    @Test
    void closingSavesTheLastChangeAndStopsAudio(@TempDir Path dir) throws Exception {
        Path show = dir.resolve("show.json");
        List<String> log = new CopyOnWriteArrayList<>();
        Console console = Console.start(Console.Options.of(CONFIG, internalClock()).withShowFile(show).withLog(log::add));
        try {
            assertTrue(log.stream().anyMatch(l -> l.startsWith("show " + show + " (new)")), log.toString());
            console.state().set("ch/2/fader", -7.5, "test");
        } finally {
            assertTrue(console.stop(), "the last change saved");
        }
        // Written before the autosave's one-second delay ran out: by close, and readable back.
        assertEquals(-7.5, ((Number) ShowStore.load(show).values().get("ch/2/fader")).doubleValue());
        long cycles = console.host().backend().cycleCount();
        Thread.sleep(200); // ~150 periods of 64 frames, had the clock kept running
        assertEquals(cycles, console.host().backend().cycleCount(), "audio stopped");
        assertTrue(console.stop(), "a second stop does nothing");
    }

    @Test
    void aPortInUseFailsTheStartAndClosesWhatWasStarted(@TempDir Path dir) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Console.Options o = Console.Options.of(CONFIG, internalClock()).withShowFile(dir.resolve("show.json"))
                    .withServer(ServerOptions.loopbackEphemeral().withPorts(taken.getLocalPort(), ServerOptions.NO_OSC));
            Console.DeployFailed x = assertThrows(Console.DeployFailed.class, () -> Console.start(o));
            assertTrue(x.getMessage() != null && !x.getMessage().isBlank(), "says why");
        }
        // Nothing it started is left running: no audio clock, no autosave thread, no event loop.
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t))
                    .filter(t -> t.getName().startsWith("jackdesk-internal-clock") || t.getName().startsWith("jackdesk-autosave")
                            || t.getName().startsWith("vert.x-eventloop"))
                    .toList();
            if (left.isEmpty()) break;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertTrue(left.isEmpty(), "left running: " + left);
    }
}
