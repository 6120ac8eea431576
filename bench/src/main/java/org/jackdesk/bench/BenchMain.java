package org.jackdesk.bench;

import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code jackdesk bench <name>}: measured benchmarks. {@code strips} runs the JMH strip benchmark
 * and prints full strips per core in multiples of realtime; {@code peers} runs {@link PeersBench}
 * (jackdesk side by side with native LV2 peers); other names are handed to the
 * control module's {@code bench} commands.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("strips")) {
            int period = args.length > 1 ? Integer.parseInt(args[1]) : 64;
            strips(period);
            return;
        }
        if (args.length > 0 && args[0].equals("peers")) {
            System.exit(PeersBench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        String[] forward = new String[args.length + 1];
        forward[0] = "bench";
        System.arraycopy(args, 0, forward, 1, args.length);
        org.jackdesk.control.Main.main(forward);
    }

    private static void strips(int period) throws Exception {
        Options opt = new OptionsBuilder()
                .include(StripBenchmark.class.getName())
                .param("period", Integer.toString(period))
                .build();
        for (RunResult r : new Runner(opt).run()) {
            int channels = Integer.parseInt(r.getParams().getParam("channels"));
            double nsPerCycle = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            double periodNs = period * 1e9 / 48000.0;
            double stripsPerCore = periodNs / (nsPerCycle / channels);
            System.out.printf(Locale.ROOT,
                    "full mono strips (HPF+gate+4-band EQ+compressor+pan+fader+4 sends), 48 kHz, %d frames:%n"
                            + "  %.1f ns per cycle of %d strips (±%.1f), %.0f ns per strip%n"
                            + "  %.0f strips per core in realtime (%.0f%% of a core for %d strips)%n",
                    period, nsPerCycle, channels, err, nsPerCycle / channels, stripsPerCore,
                    100.0 * nsPerCycle / periodNs, channels);
        }
    }
}
