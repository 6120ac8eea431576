package org.jackdesk.control;

import org.jackdesk.engine.jack.JackTestClient;

/**
 * The musician's side of {@code NetjackStageBoxTest}, run as a child JVM on the stage box's JACK
 * server (a netjack2 slave): plays {@link #SIGNAL} into {@code system:playback_1} (to front of
 * house) and records {@code system:capture_1} (what front of house sends back). Its own process,
 * because one libjack per process talks to one server, and the test JVM already talks to the
 * master.
 *
 * <p>Prints one line {@code RESULT delay=D mismatched=M periods=P} and exits: D is the whole-period
 * delay (frames) at which the most periods of the recording equal the signal sample for sample
 * (-1: none at all), M how many periods differ from it there (dropouts), P the periods recorded.
 *
 * <p>Arguments: server name, period frames, frames to record, largest delay to try (frames).
 */
public final class StageBoxPlayer {
    /** A hashed pattern that never repeats within a recording and is never 0 for long. */
    static final JackTestClient.Signal SIGNAL = (ch, f) -> (((f * 7919 + 13) % 4001) - 2000) / 4096f;

    private static final long WARM_UP_MS = 2000;

    private StageBoxPlayer() {
    }

    public static void main(String[] args) throws Exception {
        String server = args[0];
        int period = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        int maxDelay = Integer.parseInt(args[3]);
        try (JackTestClient c = JackTestClient.open(server, "player", 1, 1, SIGNAL, frames)) {
            c.connect(c.name() + ":out_1", "system:playback_1");
            c.connect("system:capture_1", c.name() + ":in_1");
            // The signal reaches front of house and comes back; meanwhile this young JVM compiles its
            // callback (interpreted, it misses the stage box's deadlines: netjack2 then sends silence).
            Thread.sleep(WARM_UP_MS);
            c.record(30_000);
            float[] r = c.recorded(0);
            long start = c.recordStartPlayFrame();
            int periods = r.length / period;
            int bestDelay = -1;
            int bestMismatched = Integer.MAX_VALUE;
            for (int d = 0; d <= maxDelay; d += period) {
                int mismatched = 0;
                for (int p = 0; p < periods && mismatched < bestMismatched; p++) {
                    for (int i = p * period; i < (p + 1) * period; i++) {
                        long f = start + i - d;
                        if (r[i] != (f < 0 ? 0f : SIGNAL.sample(0, f))) {
                            mismatched++;
                            break;
                        }
                    }
                }
                if (mismatched < bestMismatched) {
                    bestMismatched = mismatched;
                    bestDelay = d;
                }
            }
            if (bestMismatched == periods) bestDelay = -1;
            // At that delay, each period that differs is either silent (a dropped period) or damaged.
            int silent = 0;
            StringBuilder where = new StringBuilder();
            for (int p = 0; p < periods && bestDelay >= 0; p++) {
                boolean exact = true, zero = true;
                for (int i = p * period; i < (p + 1) * period; i++) {
                    long f = start + i - bestDelay;
                    exact &= r[i] == (f < 0 ? 0f : SIGNAL.sample(0, f));
                    zero &= r[i] == 0f;
                }
                if (!exact && zero) silent++;
                if (!exact && where.length() < 200) where.append(p).append(zero ? "z " : "d ");
            }
            System.out.println("RESULT delay=" + bestDelay + " mismatched=" + bestMismatched + " periods=" + periods
                    + " silent=" + silent + " at=" + where.toString().strip().replace(' ', ','));
            System.out.flush();
        }
    }
}
