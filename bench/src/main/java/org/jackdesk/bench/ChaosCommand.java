package org.jackdesk.bench;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jackdesk.engine.jack.PrivateJackServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jackdesk chaos}: the long fault scenarios of docs/security.md ({@link ChaosRun}) against a
 * real console on a private dummy {@code jackd}, with tablets connected. Prints the
 * {@link ChaosResult} as {@link ChaosReport}'s PASS/FAIL report (or {@code --json}); exit 1 on FAIL,
 * 2 for a wrong option or no jackd.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Run fault scenarios against a console on a private dummy jackd; PASS/FAIL report.")
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--minutes", description = "How long to run (default 2).")
    Double minutes;

    @Option(names = "--seconds", description = "How long to run, in seconds, instead of --minutes (a smoke run).")
    Integer seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random choices (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keepalive-ms", defaultValue = "1000",
            description = "The console's keepalive (default ${DEFAULT-VALUE} ms: half-open clients go within seconds).")
    long keepaliveMs;

    @Option(names = "--json", description = "Print the result as JSON instead of the report (progress goes to stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // The options first: a wrong one is reported the same on a machine with or without jackd.
        if (keepaliveMs < 50) {
            System.err.println("jackdesk chaos: --keepalive-ms must be at least 50");
            return 2;
        }
        if (minutes != null && seconds != null) {
            System.err.println("jackdesk chaos: give --minutes or --seconds, not both");
            return 2;
        }
        long durationNanos = seconds != null ? TimeUnit.SECONDS.toNanos(seconds) : (long) ((minutes != null ? minutes : 2.0) * 60e9);
        if (durationNanos <= 0) {
            System.err.println("jackdesk chaos: the duration must be positive");
            return 2;
        }
        if (!PrivateJackServer.jackdAvailable()) {
            System.err.println("jackdesk chaos: jackd and jack_wait are needed (Debian: apt-get install -y jackd2)");
            return 2;
        }
        PrintStream log = json ? System.err : System.out;
        ChaosResult r = new ChaosRun(seed, keepaliveMs, durationNanos, log).run();
        System.out.print(json ? ResultJson.write(r) + System.lineSeparator() : ChaosReport.table(r));
        return r.exitCode();
    }
}
