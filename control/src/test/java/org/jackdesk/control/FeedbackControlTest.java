package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.feedback.FeedbackService;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;
import org.jackdesk.engine.jack.DemoSignal;
import org.jackdesk.engine.jack.InternalClock;
import org.jackdesk.engine.rta.RtaTap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The feedback suppressor live in the console (docs/assistants.md), through the engine's own render
 * and the console's real path: the engine's feedback tap → the suppressor's thread → the parameter
 * service → the console state → the engine's notches. The test renders the engine itself (offline,
 * faster than real time) and, after every 1024 frames, lets the suppressor's thread take its frame
 * ({@link FeedbackService#tickNow}), as its schedule does live every 21 ms.
 *
 * <p>The acoustic loop: the main output (L+R)/2 through the PA's limit (a soft clip at full scale)
 * returns to channel 1's input through 10 ms and a room with a +12 dB resonance at 1 kHz (−6 dB
 * elsewhere), excited by −60 dBFS of room noise: the loop gain at 1 kHz is above 1 and it howls.
 */
@Timeout(300)
class FeedbackControlTest {
    private static final int FS = 48000, BLOCK = 64, HOP = FeedbackService.HOP;
    private static final double HOWL_HZ = 1000;
    private static final List<ConsoleConfig.UserConfig> USERS = List.of(
            new ConsoleConfig.UserConfig("foh", "engineer", List.of(), AccessControlTest.hash("2222")),
            new ConsoleConfig.UserConfig("wedges", "monitor", List.of(1), AccessControlTest.hash("3333")));

    private Console console;
    private Engine engine;
    private InternalClock clock;

    @AfterEach
    void close() {
        if (console != null) console.close();
        if (clock != null) clock.close();
        if (engine != null) engine.close();
        console = null;
        clock = null;
        engine = null;
    }

    private Console start(boolean users) throws Exception {
        ConsoleConfig cfg = ConfigJson.builtinDefault();
        Layout layout = cfg.toLayout();
        ParamRegistry registry = ParamRegistry.forLayout(layout);
        org.jackdesk.config.ConsoleState initial = new org.jackdesk.config.ConsoleState(registry); // the configuration's values, as the console starts
        for (java.util.Map.Entry<String, Object> v : cfg.values().entrySet()) initial.set(v.getKey(), v.getValue(), "config");
        engine = new Engine(registry, FS, initial.copyValues());
        // The console's own facade; its clock drives nothing (no processor: silence) and only gives the
        // rate and period, because this test renders the engine itself, faster than real time.
        clock = InternalClock.start(FS, BLOCK, 0, 0, null);
        Console.Options o = Console.Options.of(cfg, new BackendEngineControl(engine, clock), null)
                .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC).withMaxMessagesPerSecond(100_000));
        if (users) o = o.withSecurity(SecurityOptions.open().withUsers(USERS, null));
        console = Console.start(o);
        return console;
    }

    /** The main output's level per second, when the first notch went in (s, NaN: never), and the render's clock. */
    record Run(double[] levelDbPerSecond, double firstNotchS) {}

    /** A render of the loop ({@code loop} false: no feedback path) or of the demo programme on every input. */
    final class Renderer {
        final float[][] in, out;
        final float[] ring = new float[8192];
        final Biquad room = new Biquad();
        final double g0 = Math.pow(10, -6 / 20.0);
        final SplittableRandom noise = new SplittableRandom(3);
        final DemoSignal demo;
        final int delay;
        final boolean leftOnly;
        long t;

        Renderer(boolean withDemo) {
            this(withDemo, HOWL_HZ, 480, false);
        }

        /**
         * A loop resonating at {@code howlHz} through {@code delay} samples; {@code leftOnly}: the PA
         * hears main L alone (as FeedbackJackTest's room does), else (L+R)/2.
         */
        Renderer(boolean withDemo, double howlHz, int delay, boolean leftOnly) {
            in = new float[engine.inputPortNames().size()][BLOCK];
            out = new float[engine.outputPortNames().size()][BLOCK];
            double[] c = new double[5];
            Rbj.peaking(FS, howlHz, 12, 8, c);
            room.setCoefficients(c);
            demo = withDemo ? DemoSignal.forMix(FS, in.length) : null;
            this.delay = delay;
            this.leftOnly = leftOnly;
        }

        /** {@code seconds} of audio; the suppressor's thread takes a frame after every hop. */
        Run render(double seconds, boolean loop) throws Exception {
            int secs = (int) Math.ceil(seconds);
            double[] sumSq = new double[secs];
            long total = (long) (seconds * FS), start = t;
            double firstNotch = Double.NaN;
            while (t - start < total) {
                if (demo != null) demo.generate(in, BLOCK);
                else for (float[] b : in) java.util.Arrays.fill(b, 0f);
                for (int i = 0; i < BLOCK; i++) {
                    double x = (noise.nextDouble() * 2 - 1) * 0.001 * Math.sqrt(3);
                    double fb = loop ? g0 * room.tick(ring[(int) ((t + i - delay) & 8191)]) : 0;
                    in[0][i] += (float) (x + fb);
                }
                room.sanitize();
                engine.process(in, out, BLOCK);
                for (int i = 0; i < BLOCK; i++) {
                    float y = (float) Math.tanh(leftOnly ? out[0][i] : 0.5 * (out[0][i] + out[1][i])); // the PA's limit
                    ring[(int) ((t + i) & 8191)] = y;
                    sumSq[(int) ((t - start + i) / FS)] += y * y;
                }
                t += BLOCK;
                if (t % HOP == 0) {
                    console.feedback().tickNow();
                    if (Double.isNaN(firstNotch) && console.state().get("main/fbs/notch/1/depth") > 0) firstNotch = (t - start) / (double) FS;
                }
            }
            double[] db = new double[secs];
            for (int s = 0; s < secs; s++) db[s] = 10 * Math.log10(sumSq[s] / FS + 1e-30);
            return new Run(db, firstNotch);
        }
    }

    private int notches(String bus) throws Exception {
        int n = 0;
        for (int k = 1; k <= Layout.FBS_NOTCHES; k++) if (console.state().get(bus + "/fbs/notch/" + k + "/depth") > 0) n++;
        return n;
    }

    @Test
    void theLoopHowlsWithSuppressionOffAndTheTapCopiesNothing() throws Exception {
        start(false);
        Run r = new Renderer(false).render(3, true);
        assertTrue(r.levelDbPerSecond()[2] > -6, "the loop howls near full scale: " + r.levelDbPerSecond()[2] + " dBFS");
        assertEquals(0, notches("main"));
        assertEquals(RtaTap.OFF, engine.feedbackTap().source(0), "mode off: the tap copies nothing");
        assertEquals(0, engine.feedbackTap().written(0));
        assertEquals(0, console.feedback().framesAnalysed());
    }

    @Test
    void autoNotchesTheHowlWithinOneSecondThroughTheParameterServiceAndTheLoopStaysStableFor60Seconds() throws Exception {
        start(false);
        console.state().set("main/fbs/mode", "auto", "test");
        Run r = new Renderer(false).render(61, true);
        assertEquals(RtaTap.main(), engine.feedbackTap().source(0), "auto: the tap copies the main");
        assertTrue(r.firstNotchS() < 1.0, "the first notch after " + r.firstNotchS() + " s");
        double f = console.state().get("main/fbs/notch/1/freq");
        assertTrue(Math.abs(Math.log(f / HOWL_HZ) / Math.log(2)) < 1.0 / 12, "notched at " + f + " Hz");
        double[] db = r.levelDbPerSecond();
        for (int s = 2; s < db.length; s++) assertTrue(db[s] < -40, "second " + s + " stays quiet: " + db[s] + " dBFS");
        int n = notches("main");
        assertTrue(n >= 1 && n <= 2, "at most the notches needed: " + n);
        // an ordinary parameter change, by the suppressor: in the undo history with its author
        List<ChangeHistory.Entry> h = console.server().params().history().list();
        assertTrue(h.stream().anyMatch(e -> e.what().contains("main/fbs/notch/1/depth") && "feedback".equals(e.who())),
                "the history lists the suppressor's notch: " + h);
    }

    /**
     * FeedbackJackTest's loop, offline: 1.5 kHz through every delay JACK can give it (448 samples plus
     * the one to four periods that break the graph's cycle), howling first with the suppressor off
     * (the PA's soft clip holds it at full scale), quiet, then auto: the howl is caught within a
     * second at every delay and phase of the hop, and the loop stays quiet after it.
     */
    @Test
    void aHowlAtEveryDelayOfTheJackLoopIsCaughtAndStaysCaught() throws Exception {
        StringBuilder failures = new StringBuilder();
        for (int periods = 1; periods <= 4; periods++) {
            for (int phase = 0; phase < HOP; phase += 320) {
                start(false);
                Renderer r = new Renderer(false, 1500, 448 + 64 * periods, true);
                r.t = phase / BLOCK * BLOCK;
                r.render(3, true);
                r.render(1, false);
                console.state().set("main/fbs/mode", "auto", "test");
                console.feedback().tickNow();
                r.render(0.2, false); // as live: the suppressor's thread has pointed the tap at the main
                Run on = r.render(8, true);
                double loudest = -300;
                for (int s = 2; s < 8; s++) loudest = Math.max(loudest, on.levelDbPerSecond()[s]);
                if (!(on.firstNotchS() < 1.0) || loudest > -35) {
                    failures.append(String.format(java.util.Locale.ROOT, "delay %d, phase %d: notched after %.2f s, loudest second after %.1f dBFS, %s%n",
                            448 + 64 * periods, phase, on.firstNotchS(), loudest, java.util.Arrays.toString(on.levelDbPerSecond())));
                    failures.append(console.server().params().feedback().run(org.jackdesk.control.security.Principal.ANYONE, "feedback.status", null, "test")
                            .toCompletionStage().toCompletableFuture().get()).append('\n');
                }
                close();
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aLateTickTakesEveryHopItMissedSoTheDetectorCountsAudioTime() throws Exception {
        start(false);
        console.state().set("main/fbs/mode", "auto", "test");
        console.feedback().tickNow(); // the suppressor's thread points the tap at the main
        long before = console.feedback().framesAnalysed();
        // 12 hops of audio with no tick of ours in between (the live schedule may tick: each hop counts once either way)
        float[][] in = new float[engine.inputPortNames().size()][BLOCK], out = new float[engine.outputPortNames().size()][BLOCK];
        for (int c = 0; c < 12 * HOP / BLOCK; c++) engine.process(in, out, BLOCK);
        console.feedback().tickNow();
        // a frame ends on every hop from the first full 4096-sample window: 4096, 5120, … 12288
        assertEquals(9, console.feedback().framesAnalysed() - before, "every hop analysed once, however late the thread");
    }

    @Test
    void theDemoProgrammeWithAutoOnTheMainPlacesNoNotchIn60Seconds() throws Exception {
        start(false);
        console.state().set("main/fbs/mode", "auto", "test");
        Run r = new Renderer(true).render(60, false);
        assertEquals(0, notches("main"), "false notches on the demo");
        assertTrue(console.feedback().framesAnalysed() > 2700, "the detector looked all along: " + console.feedback().framesAnalysed());
        assertTrue(r.levelDbPerSecond()[30] > -40, "the programme plays: " + r.levelDbPerSecond()[30] + " dBFS");
    }

    @Test
    void aSuggestionReachesTheTabletAndItsOneTapTakePlacesTheNotchAMonitorMayNot() throws Exception {
        start(true);
        Vertx vertx = console.vertx();
        int port = console.httpPort();
        WebClient web = WebClient.create(vertx);
        String foh = AccessControlTest.token(web, port, "foh", "2222");
        String wedges = AccessControlTest.token(web, port, "wedges", "3333");
        try (AccessControlTest.Ws f = new AccessControlTest.Ws(vertx, port, "/ws?token=" + foh);
             AccessControlTest.Ws m = new AccessControlTest.Ws(vertx, port, "/ws?token=" + wedges)) {
            JsonObject set = f.ask(new JsonObject().put("op", "set").put("path", "main/fbs/mode").put("value", "suggest").put("id", 1));
            assertFalse("error".equals(set.getString("op")), set.encode());
            Renderer r = new Renderer(false);
            r.render(2, true);
            // the suggestion, as every tablet gets it
            JsonObject msg = null;
            for (JsonObject o; (o = f.in.poll(5, TimeUnit.SECONDS)) != null; ) {
                if ("feedback".equals(o.getString("op")) && !bus(o, "main").getJsonArray("suggestions").isEmpty()) {
                    msg = o;
                    break;
                }
            }
            assertTrue(msg != null, "a feedback message with a suggestion arrived");
            double hz = bus(msg, "main").getJsonArray("suggestions").getDouble(0);
            assertTrue(Math.abs(Math.log(hz / HOWL_HZ) / Math.log(2)) < 1.0 / 12, "suggested " + hz + " Hz");
            assertEquals("suggested", msg.getJsonArray("log").getJsonObject(0).getString("what"), msg.encode());
            assertEquals(0, notches("main"), "suggest places nothing by itself");

            // a monitor may not take it, even though it may change its own bus's parameters
            JsonObject refused = m.reply(new JsonObject().put("op", "feedback.take").put("bus", "bus/1").put("freq", hz).put("id", "t"));
            assertEquals("forbidden", refused.getString("code"), refused.encode());
            HttpResponse<Buffer> rest = WsClient.await(web.post(port, "127.0.0.1", "/api/feedback/clear").bearerTokenAuthentication(wedges)
                    .sendBuffer(Buffer.buffer(new JsonObject().put("bus", "bus/1").put("notch", 1).encode())));
            assertEquals(403, rest.statusCode(), rest.bodyAsString());
            assertTrue(rest.bodyAsString().contains("clear a feedback notch"), rest.bodyAsString());

            // the engineer's one tap
            JsonObject taken = f.reply(new JsonObject().put("op", "feedback.take").put("bus", "main").put("freq", hz).put("id", "take"));
            assertEquals("feedback.take", taken.getString("op"), taken.encode());
            assertEquals(6.0, console.state().get("main/fbs/notch/1/depth"));
            assertEquals(hz, console.state().get("main/fbs/notch/1/freq"), 0.1);
            assertTrue(bus(taken.getJsonObject("feedback"), "main").getJsonArray("suggestions").isEmpty(), "the suggestion is taken");
            // every other tablet sees the notch as a parameter change
            boolean seen = false;
            for (JsonObject o; !seen && (o = m.in.poll(5, TimeUnit.SECONDS)) != null; ) {
                seen = "changed".equals(o.getString("op")) && "main/fbs/notch/1/depth".equals(o.getString("path")) && o.getDouble("value") == 6.0;
            }
            assertTrue(seen, "the monitor's tablet saw the notch go in");
            // the notch holds the howl: the loop settles
            Run after = r.render(3, true);
            assertTrue(after.levelDbPerSecond()[2] < -40, "after the take the loop is quiet: " + after.levelDbPerSecond()[2]);

            // REST: the status, then a clear by the engineer, logged
            HttpResponse<Buffer> st = WsClient.await(web.get(port, "127.0.0.1", "/api/feedback").bearerTokenAuthentication(wedges).send());
            assertEquals(200, st.statusCode(), st.bodyAsString());
            JsonArray notches = bus(st.bodyAsJsonObject().getJsonObject("feedback"), "main").getJsonArray("notches");
            assertFalse(notches.isEmpty(), st.bodyAsString());
            HttpResponse<Buffer> clear = WsClient.await(web.post(port, "127.0.0.1", "/api/feedback/clear").bearerTokenAuthentication(foh)
                    .sendBuffer(Buffer.buffer(new JsonObject().put("bus", "main").put("notch", 1).encode())));
            assertEquals(200, clear.statusCode(), clear.bodyAsString());
            assertEquals(0.0, console.state().get("main/fbs/notch/1/depth"));
            JsonArray log = clear.bodyAsJsonObject().getJsonObject("feedback").getJsonArray("log");
            List<String> what = new ArrayList<>();
            for (int i = 0; i < log.size(); i++) what.add(log.getJsonObject(i).getString("what"));
            assertTrue(what.contains("taken") && what.get(what.size() - 1).equals("cleared"), "the log: " + log.encode());
            JsonObject bad = f.reply(new JsonObject().put("op", "feedback.take").put("bus", "bus/99").put("freq", 1000).put("id", "bad"));
            assertEquals("bad_message", bad.getString("code"), bad.encode());
            assertTrue(bad.getString("message").contains("bus/99"), bad.encode());
        }
    }

    private static JsonObject bus(JsonObject status, String name) {
        JsonArray bs = status.getJsonArray("buses");
        for (int i = 0; i < bs.size(); i++) if (name.equals(bs.getJsonObject(i).getString("bus"))) return bs.getJsonObject(i);
        throw new AssertionError("no bus " + name + " in " + status.encode());
    }
}
