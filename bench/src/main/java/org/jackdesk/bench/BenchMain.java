package org.jackdesk.bench;

import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tooling's entry point: {@code jackdesk bench <name>} (the launcher passes what follows
 * {@code bench}) and {@code jackdesk chaos ...} (the launcher passes {@code chaos} and its options).
 * {@code strips} runs the JMH strip benchmark and prints full strips per core in multiples of
 * realtime; {@code peers} runs {@link PeersBench} (jackdesk side by side with native LV2 peers);
 * {@code show-roundtrip} runs {@link ShowRoundTrip}; the other names are the picocli commands under
 * {@link BenchCommand}. None of this is in the product's {@code control} module: the tooling depends
 * on the product, never the other way round.
 */
public final class BenchMain {
    private BenchMain() {}

    /** The root of the tooling's command line; its name keeps the messages' "jackdesk bench soak: ..." prefix. */
    @Command(name = "jackdesk", mixinStandardHelpOptions = true, description = "jackdesk benchmarks, soaks and fault tests.",
            subcommands = {BenchCommand.class, ChaosCommand.class})
    static final class Root implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.err);
        }
    }

    /**
     * Runs a full tooling command line ({@code bench control ...}, {@code chaos ...}) and returns
     * its exit code; tests call this instead of {@link #main}.
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Root());
        // As the product's Main: a bad option value found by a command (IllegalArgumentException from
        // its checks) is one line naming the command and what is wrong, exit 2 (usage).
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (!(ex instanceof IllegalArgumentException) || ex instanceof NumberFormatException) throw ex;
            System.err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("chaos")) {
            System.exit(run(args));
        }
        if (args.length > 0 && args[0].equals("strips")) {
            int period = args.length > 1 ? Integer.parseInt(args[1]) : 64;
            strips(period);
            return;
        }
        if (args.length > 0 && args[0].equals("show-roundtrip")) {
            System.exit(showRoundTrip(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("peers")) {
            System.exit(PeersBench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        String[] forward = new String[args.length + 1];
        forward[0] = "bench";
        System.arraycopy(args, 0, forward, 1, args.length);
        System.exit(run(forward));
    }

    /**
     * {@code jackdesk bench show-roundtrip [--seed N] [--sequences S] [--operations M]}: the show
     * file property test ({@link ShowRoundTrip}) for longer than {@code ./jackdesk test} runs it.
     * Without {@code --seed} a new seed is drawn (and printed), so every run explores new sequences.
     * Exit code 1 with the replaying seed and the operations when a show does not load back.
     */
    static int showRoundTrip(String[] args) throws java.io.IOException {
        long seed = new java.util.Random().nextLong();
        int sequences = 2000, operations = 500;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (a) {
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--sequences" -> sequences = Integer.parseInt(v);
                    case "--operations" -> operations = Integer.parseInt(v);
                    default -> {
                        System.err.println("jackdesk bench show-roundtrip: unknown option '" + a
                                + "'; options: --seed N, --sequences S (default 2000), --operations M (default 500)");
                        return 2;
                    }
                }
            } catch (NumberFormatException | NullPointerException e) {
                System.err.println("jackdesk bench show-roundtrip: " + a + " needs a whole number" + (v == null ? "" : ", not '" + v + "'"));
                return 2;
            }
            i++;
        }
        if (sequences < 1 || operations < 1) {
            System.err.println("jackdesk bench show-roundtrip: --sequences and --operations are at least 1");
            return 2;
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jackdesk-show-roundtrip");
        System.out.printf(Locale.ROOT, "show round trip: seed %d, %d sequences x %d operations (files in %s)%n", seed, sequences, operations, dir);
        long t0 = System.nanoTime();
        ShowRoundTrip.Result r = ShowRoundTrip.run(new ShowRoundTrip.Options(seed, sequences, operations, dir));
        System.out.printf(Locale.ROOT, "%d operations (%d refused, as they should be) in %.1f s; every saved show loaded back equal: %s%n",
                r.operations(), r.refused(), (System.nanoTime() - t0) / 1e9, r.passed() ? "yes" : "NO");
        r.counts().forEach((k, n) -> System.out.printf(Locale.ROOT, "  %-28s %d%n", k, n));
        if (!r.passed()) {
            System.out.print(r.failure().describe(operations));
            System.out.println("the restarts' show files are kept in " + dir);
            return 1;
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(p);
            }
        }
        return 0;
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
