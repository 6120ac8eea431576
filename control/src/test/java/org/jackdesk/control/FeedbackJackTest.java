package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.engine.dsp.Biquad;
import org.jackdesk.engine.dsp.Rbj;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.jack.ConnectSpec;
import org.jackdesk.engine.jack.JackTestServer;
import org.jackdesk.engine.jack.PrivateJackServer;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackHandles;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The feedback suppressor live on a private {@code jackd -d dummy} (docs/assistants.md): a second
 * JACK client is the room — it takes the console's {@code main_L}, limits it as a PA would (a soft
 * clip at full scale) and returns it to channel 1 through 448 samples (plus whatever JACK adds to
 * break the cycle: whole periods of 64 frames) and a resonance of +12 dB at 1.5 kHz (−6 dB elsewhere),
 * with −60 dBFS of room noise: with the centre pan's −3 dB the loop gains 3 dB at 1.5 kHz, whose
 * period (32 samples) divides every delay the loop can have, so it howls there. The console runs
 * its own suppressor thread on the live schedule: nothing here drives it.
 */
@Timeout(120)
class FeedbackJackTest {
    private static final double HOWL_HZ = 1500;

    /** The room: a JACK client in the loop; the RMS of what it hears per 100 ms, newest last. */
    static final class Room implements AutoCloseable {
        final JackClient client;
        final JackPort in, out;
        final float[] ring = new float[1 << 14];
        final Biquad resonance = new Biquad();
        final double g0 = Math.pow(10, -6 / 20.0);
        final SplittableRandom noise = new SplittableRandom(3);
        final double[] rmsDb = new double[4096];
        volatile boolean loop;
        volatile int blocks;
        /** Asked every cycle once the loop is on: whether the console has a notch in (read off its state). */
        volatile java.util.function.BooleanSupplier notched;
        /** The room's frame when the loop went on, and when the first notch was seen: audio time, whatever the test thread's scheduling. */
        volatile long loopOnFrame = -1, notchFrame = -1;
        long t;
        double sumSq;
        int n;

        Room(String server) throws Exception {
            client = JackHandles.open("room", server).client;
            in = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            out = client.registerPort("out", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            double[] c = new double[5];
            Rbj.peaking(48000, HOWL_HZ, 12, 8, c);
            resonance.setCoefficients(c);
            client.setProcessCallback((cl, frames) -> process(frames));
            client.activate();
        }

        private boolean process(int frames) {
            FloatBuffer ib = in.getFloatBuffer(), ob = out.getFloatBuffer();
            boolean on = loop;
            if (on && loopOnFrame < 0) loopOnFrame = t;
            java.util.function.BooleanSupplier n0 = notched;
            if (on && n0 != null && notchFrame < 0 && n0.getAsBoolean()) notchFrame = t;
            for (int i = 0; i < frames; i++) {
                float x = ib.get(i);
                ring[(int) ((t + i) & (ring.length - 1))] = (float) Math.tanh(x); // the PA's limit
                double fb = on ? g0 * resonance.tick(ring[(int) ((t + i - 448) & (ring.length - 1))]) : 0;
                ob.put(i, (float) ((noise.nextDouble() * 2 - 1) * 0.001 * Math.sqrt(3) + fb));
                sumSq += (double) x * x;
                if (++n == 4800 && blocks < rmsDb.length) {
                    rmsDb[blocks] = 10 * Math.log10(sumSq / n + 1e-30);
                    blocks++;
                    sumSq = 0;
                    n = 0;
                }
            }
            resonance.sanitize();
            t += frames;
            return true;
        }

        /** The last {@code k} levels, dBFS per 100 ms, oldest first. */
        String history(int k) {
            StringBuilder b = new StringBuilder();
            int n = blocks;
            for (int i = Math.max(0, n - k); i < n; i++) b.append(String.format(java.util.Locale.ROOT, "%.0f ", rmsDb[i]));
            return b.toString();
        }

        /** The loudest 100 ms among the last {@code k}, dBFS. */
        double loudestOfLast(int k) {
            int b = blocks;
            double max = -300;
            for (int i = Math.max(0, b - k); i < b; i++) max = Math.max(max, rmsDb[i]);
            return max;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static double value(Console c, String path) {
        return c.state().get(c.state().registry().find(path).slot());
    }

    @Test
    void aHowlThroughASecondJackClientIsNotchedWithinOneSecondAndStaysQuiet() throws Exception {
        try (PrivateJackServer server = JackTestServer.start(PrivateJackServer.Options.defaults());
             Room room = new Room(server.name());
             Console console = Console.start(Console.Options.of(ConfigJson.builtinDefault(),
                     new EngineHost.Options("jdfbs", server.name(), false, false, false, 48000, 64,
                             ConnectSpec.parse("ch1 <- room:out; main_L -> room:in"))))) {
            assertEquals(EngineHost.Mode.JACK, console.host().mode());
            // suppression off: the loop howls
            room.loop = true;
            Thread.sleep(3000);
            double howl = room.loudestOfLast(5);
            assertTrue(howl > -10, "the loop howls with suppression off: " + howl + " dBFS");
            room.loop = false;
            assertTrue(JackTestServer.await(() -> room.loudestOfLast(3) < -50, 5000), "the room quiets down: " + room.loudestOfLast(3));

            console.state().set("main/fbs/mode", "auto", "test");
            Thread.sleep(200); // the suppressor's thread points the tap at the main
            room.loopOnFrame = -1; // measured from this loop-on, not the first one
            room.notched = () -> value(console, "main/fbs/notch/1/depth") > 0;
            room.loop = true;
            assertTrue(JackTestServer.await(() -> room.notchFrame >= 0, 5000), "a notch goes in");
            double s = (room.notchFrame - room.loopOnFrame) / 48000.0;
            assertTrue(s < 1.0, "notched after " + s + " s of audio; the room heard (dBFS per 100 ms) "
                    + room.history((int) (s * 10) + 5) + "; the suppressor: " + console.server().params().feedback()
                    .run(org.jackdesk.control.security.Principal.ANYONE, "feedback.status", null, "test")
                    .toCompletionStage().toCompletableFuture().get());
            double f = console.state().get("main/fbs/notch/1/freq");
            assertTrue(Math.abs(Math.log(f / HOWL_HZ) / Math.log(2)) < 1.0 / 12, "notched at " + f + " Hz");
            Thread.sleep(10_000);
            double after = room.loudestOfLast(50);
            assertTrue(after < -35, "the loop stays quiet for the next 5 s: loudest 100 ms " + after + " dBFS");
            int notches = 0;
            for (int k = 1; k <= 12; k++) if (console.state().get("main/fbs/notch/" + k + "/depth") > 0) notches++;
            assertTrue(notches <= 2, "at most the notches needed: " + notches);
            assertTrue(console.feedback().framesAnalysed() > 100, "the live schedule analysed: " + console.feedback().framesAnalysed());
        }
    }
}
