package org.jackdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.dsp.LoudnessMeter;
import org.jackdesk.engine.dsp.MultibandCompressor;
import org.jackdesk.engine.dsp.TruePeak;
import org.jackdesk.engine.dsp.TruePeakLimiter;
import org.jackdesk.engine.fx.FxParams;
import org.jackdesk.engine.fx.FxProcessor;
import org.jackdesk.engine.mix.OfflineMainChain;
import org.jackdesk.engine.jack.JackBackend;
import org.jackdesk.engine.jack.PrivateJackServer;

/**
 * {@code jackdesk bench peers}: jackdesk side by side with native LV2 peers, in one run, A/B/A/B.
 *
 * <p>Offline rows time the same audio on both sides: the native side is {@code bench/peers/lv2host.c}
 * (lilv; controls set by symbol; plugins in series in one process), built here with gcc; the
 * jackdesk side runs in this JVM. Both feed the same white noise (one 32-bit LCG, see lv2host.c) in
 * 64-frame blocks at 48 kHz and both count the <em>CPU time of the timing thread</em> (the machine is
 * shared, so wall time mostly measures the neighbours); wall-time figures go to the JSON too.
 *
 * <p>Live rows call {@code jackdesk bench mixbox} and {@code bench realtime} when this build has
 * them, and measure loop latency with {@code jack_iodelay} on a private dummy server.
 *
 * <p>Thread: everything runs on the caller's thread, except the readers of child processes' output.
 */
public final class PeersBench {
    static final int RATE = 48000;
    static final int BLOCK = 64;
    static final int STRIPS = 32;

    static final String FIL4 = "http://gareus.org/oss/lv2/fil4#mono";
    static final String GATE = "http://lsp-plug.in/plugins/lv2/gate_mono";
    static final String DARC = "http://gareus.org/oss/lv2/darc#mono";
    static final String DPL = "http://gareus.org/oss/lv2/dpl#stereo";
    static final String LSP_LIMITER = "http://lsp-plug.in/plugins/lv2/limiter_stereo";
    static final String LSP_MB_COMPRESSOR = "http://lsp-plug.in/plugins/lv2/mb_compressor_stereo";

    /**
     * LSP's multiband compressor at jackdesk's settings ({@link MultibandSide}): classic (IIR)
     * crossovers at 120 Hz and 1 kHz (3 bands, the others' splits off), per band RMS detection over
     * 5 ms, threshold −24 dB (0.0631), ratio 4, attack 10 ms, release 100 ms, 6 dB knee (0.501),
     * no lookahead, no make-up; its FFT analysis graphs and envelope boost off (jackdesk has neither).
     * Sidechain source Left: jackdesk's linked detector is the mean of L² and R², which LSP does not
     * offer; on this uncorrelated noise Left has the same level, its default Middle 3 dB less (3.1 dB
     * of reduction against jackdesk's 4.9 until this was set; Lv2HostTest compares the two).
     */
    static final List<String> MB_CHAIN = mbChain();

    private static List<String> mbChain() {
        List<String> c = new ArrayList<>(List.of(LSP_MB_COMPRESSOR, "enabled=1", "mode=0", "envb=0",
                "ife_l=0", "ofe_l=0", "ife_r=0", "ofe_r=0", "cbe_1=1", "sf_1=120", "cbe_2=1", "sf_2=1000"));
        for (int k = 3; k <= 7; k++) c.add("cbe_" + k + "=0");
        for (int b = 0; b < 3; b++) {
            c.addAll(List.of("ce_" + b + "=1", "scs_" + b + "=2", "scm_" + b + "=1", "scr_" + b + "=5", "sla_" + b + "=0", "al_" + b + "=0.0631",
                    "cr_" + b + "=4", "at_" + b + "=10", "rt_" + b + "=100", "kn_" + b + "=0.501", "mk_" + b + "=1"));
        }
        return List.copyOf(c);
    }
    static final String EBUR128 = "http://gareus.org/oss/lv2/meters#EBUr128";
    static final String DBTP = "http://gareus.org/oss/lv2/meters#dBTPstereo";

    /** Peer settings equal to StripBenchmark's strip (BENCH-NOTES.md): fil4 → LSP gate → x42 darc. */
    static final List<String> STRIP_CHAIN = List.of(
            FIL4, "enable=1", "HighPass=1", "HPfreq=80", "LSsec=1", "LSgain=2",
            "sec1=1", "gain1=-3", "sec2=1", "gain2=2", "sec3=1", "gain3=1.5", "sec4=1", "gain4=-2",
            "HSsec=1", "HSgain=1",
            GATE, "enabled=1", "gt=0.01",
            DARC, "enable=1", "threshold=-30", "Ratio=1");

    static final String DRAGONFLY_HALL = "https://github.com/michaelwillis/dragonfly-reverb";
    static final String DRAGONFLY_PLATE = "urn:dragonfly:plate";
    static final String LSP_SLAP_DELAY = "http://lsp-plug.in/plugins/lv2/slap_delay_stereo";

    /**
     * The FX rows' equal settings (docs/fx.md "Cost"): decay 2 s, pre-delay 20 ms, width 100 %,
     * 100 % wet. Hall: Dragonfly's size in metres (30 m ≈ jackdesk's longest line at 80 %, 78 ms of
     * sound), its high band at 0.7 × the decay above 5 kHz as jackdesk's damping 30 % above 5 kHz,
     * low band × 1 at 250 Hz as bass 1 at 250 Hz, no input filters, early reflections off (level 0,
     * send 0: jackdesk's hall has none, Dragonfly still runs that engine), late level 100 %.
     */
    static final List<String> HALL_CHAIN = List.of(DRAGONFLY_HALL, "dry_level=0", "early_level=0", "early_send=0",
            "late_level=100", "size=30", "width=100", "delay=20", "decay=2", "low_cut=0", "low_xo=250", "low_mult=1",
            "high_cut=16000", "high_xo=5000", "high_mult=0.7");
    /** Plate: Dragonfly's Tank algorithm, no input filters, its damping at the least (16 kHz) as jackdesk's 0 %. */
    static final List<String> PLATE_CHAIN = List.of(DRAGONFLY_PLATE, "dry_level=0", "early_level=100", "algorithm=2",
            "width=100", "predelay=20", "decay=2", "low_cut=0", "high_cut=16000", "early_damp=16000");
    /** Delay: one tap at 250 ms, stereo, no feedback (the slap delay has none), no filters, wet only. */
    static final List<String> DELAY_CHAIN = List.of(LSP_SLAP_DELAY, "dm0=1", "dt0=250", "dry=0", "wet=1");

    /** jackdesk's side of the FX rows, the same settings as the chains above. */
    static void fxSettings(int type, FxParams p) {
        p.decayS = 2f;
        p.predelayMs = 20f;
        p.widthPct = 100f;
        p.sizePct = 80f;
        p.dampingPct = type == FxProcessor.PLATE ? 0f : 30f;
        p.dampFreqHz = 5000f;
        p.bass = 1f;
        p.crossoverHz = 250f;
        p.delayMs = 250f;
        p.feedbackPct = 0f;
        p.pingPong = false;
        p.lowcutHz = FxParams.LOWCUT_OFF_HZ;
        p.highcutHz = FxParams.HIGHCUT_OFF_HZ;
    }

    static final String[] PEER_PACKAGES = {"lilv-utils", "x42-plugins", "lsp-plugins-lv2", "dragonfly-reverb-lv2",
        "liblilv-dev", "jack-mixer", "jackd2", "jack-tools"};

    private final Path root;
    private final double seconds;
    private final int rounds;
    private final boolean force;
    private final boolean live;
    private final double maxLoad;
    private final Path host;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Object> json = new LinkedHashMap<>();
    /** Only the strip rows: no other offline rows, no main chain, no lv2bench reference, no live rows. */
    private boolean stripsOnly;

    PeersBench(Path root, double seconds, int rounds, boolean force, boolean live, double maxLoad) { // package-private: tests build its sides
        this.root = root;
        this.seconds = seconds;
        this.rounds = rounds;
        this.force = force;
        this.live = live;
        this.maxLoad = maxLoad;
        this.host = root.resolve("bench/target/lv2host");
    }

    static final String USAGE = "usage: jackdesk bench peers [--seconds S] [--rounds N] [--no-live] [--strips-only] [--max-load L] [--force]\n"
            + "  --seconds S   audio seconds timed per offline run, each side (default 20)\n"
            + "  --rounds N    A/B rounds, at least 3 (default 3)\n"
            + "  --no-live     skip the JACK rows (mixbox, realtime, loop latency)\n"
            + "  --strips-only only the strip rows (vector lanes and scalar, each against the native chain)\n"
            + "  --max-load L  refuse to start above this 1-minute load average (default: cores)\n"
            + "  --force       run even when the load average is higher";

    /** Entry from {@link BenchMain}; returns the exit code. */
    public static int run(String[] args) throws Exception {
        double seconds = 20;
        int rounds = 3;
        boolean force = false, live = true, stripsOnly = false;
        double maxLoad = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--max-load" -> maxLoad = Double.parseDouble(args[++i]);
                    case "--force" -> force = true;
                    case "--no-live" -> live = false;
                    case "--strips-only" -> stripsOnly = true;
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        System.err.println("jackdesk bench peers: unknown option '" + a + "'\n" + USAGE);
                        return 2;
                    }
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                System.err.println("jackdesk bench peers: option " + a + " needs a number\n" + USAGE);
                return 2;
            }
        }
        if (rounds < 3 || seconds <= 0) {
            System.err.println("jackdesk bench peers: --rounds must be at least 3 and --seconds positive");
            return 2;
        }
        Path root = Path.of(System.getProperty("jackdesk.root", "")).toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("bench/peers/lv2host.c"))) {
            System.err.println("jackdesk bench peers: run it from the jackdesk checkout (./jackdesk bench peers); "
                    + "bench/peers/lv2host.c not found under " + root);
            return 2;
        }
        PeersBench b = new PeersBench(root, seconds, rounds, force, live && !stripsOnly, maxLoad);
        b.stripsOnly = stripsOnly;
        return b.go();
    }

    private int go() throws Exception {
        double load = loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        if (load > maxLoad && !force) {
            System.err.printf(Locale.ROOT, "jackdesk bench peers: the 1-minute load average is %.2f, above %.2f (%d cores):"
                    + " other work would distort the comparison. Wait for a quiet machine, or pass --force"
                    + " (the figures are then pessimistic and noisier).%n", load, maxLoad, cores);
            return 3;
        }
        if (!installPeers() || !buildHost()) return 4;

        String date = LocalDate.now().toString();
        json.put("date", ZonedDateTime.now().toString());
        json.put("command", "./jackdesk bench peers --seconds " + fmt(seconds) + " --rounds " + rounds
                + (live ? "" : " --no-live") + (force ? " --force" : ""));
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", cores);
        machine.put("cpu", cpuModel());
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        machine.put("gc", gcNames());
        machine.put("load_average_start", load);
        // the same 2 s SCHED_FIFO probe as bench realtime and rta: how much the machine interrupts a spinning thread
        JitterProbe.Result jitter = LiveRig.jitter(2);
        machine.put("jitter_longest_gap_us", jitter.longestMicros());
        machine.put("jitter_scheduling", jitter.scheduling());
        json.put("machine", machine);
        System.out.printf(Locale.ROOT, "jackdesk bench peers: %d cores (%s), %s, GC %s, load average %.2f, jitter probe longest gap %d µs (%s)%s%n",
                cores, machine.get("cpu"), machine.get("jdk"), machine.get("gc"), load, jitter.longestMicros(), jitter.scheduling(),
                load > maxLoad ? " (above " + fmt(maxLoad) + ": --force)" : "");
        System.out.printf(Locale.ROOT, "offline: %s s of audio per run and side, %d rounds A/B, block %d, %d Hz;"
                + " x realtime by CPU time of the timing thread%n", fmt(seconds), rounds, BLOCK, RATE);

        List<Row> rows = new ArrayList<>();
        // The strips in vector lanes where this JVM has them (dsp/BiquadBank), and the same strips on
        // the scalar path, each against its own native run: interleaved in every round.
        StripSide banked = new StripSide(true), scalar = new StripSide(false);
        machine.put("strip_vector_lanes", banked.engine.simdLanes());
        machine.put("strip_vector_unavailable", String.valueOf(org.jackdesk.engine.dsp.BiquadBank.unavailableReason()));
        System.out.printf(Locale.ROOT, "strips: %s%n", banked.engine.simdLanes() > 0
                ? banked.engine.simdLanes() + " vector lanes (high-pass and EQ cascades across channels)"
                : "scalar path (" + org.jackdesk.engine.dsp.BiquadBank.unavailableReason() + ")");
        rows.add(new Row("strip", "EQ + gate + compressor strip, mono, block 64 (strips per core; "
                + (banked.engine.simdLanes() > 0 ? banked.engine.simdLanes() + " vector lanes)" : "scalar: no vector lanes on this JVM)"),
                "x42 fil4 → LSP gate → x42 darc (lv2host, engaged, noise −12 dBFS)",
                hostArgs(-12, STRIP_CHAIN), banked, 4.0, false));
        rows.add(new Row("strip_scalar", "the same strip on the scalar path (-Djackdesk.engine.simd=false; strips per core)",
                "x42 fil4 → LSP gate → x42 darc (lv2host, engaged, noise −12 dBFS)",
                hostArgs(-12, STRIP_CHAIN), scalar, 1.0, false));
        if (!stripsOnly) addOtherRows(rows);

        for (Row r : rows) r.side.warmUp(Math.max(5, seconds));
        for (int round = 1; round <= rounds; round++) {
            for (Row r : rows) {
                Measure a = runHost(r.hostArgs);
                Measure b = r.side.measure(seconds);
                r.peer.add(a);
                r.jd.add(b);
                System.out.printf(Locale.ROOT, "round %d %-24s peer %8.1f  jackdesk %8.1f  (%s)%n",
                        round, r.key, a.xrtCpu, b.xrtCpu, a.note);
            }
        }
        if (stripsOnly) {
            json.put("load_average_end", loadAverage());
            json.put("offline", rows.stream().map(Row::toJson).toList());
            printTable(rows, Map.of(), Map.of(), List.of());
            Path out = root.resolve("bench/results/peers-strips-" + date + ".json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, Json.write(json) + "\n");
            System.out.println("JSON: " + root.relativize(out));
            return 0;
        }
        return finish(rows, date);
    }

    private void addOtherRows(List<Row> rows) throws Exception {
        rows.add(new Row("limiter_dpl_tp", "true-peak limiter, stereo (× realtime)",
                "x42 dpl, threshold −6 dB, true peak on (noise −3 dBFS)",
                hostArgs(-3, List.of(DPL, "enable=1", "threshold=-6", "truepeak=1")), new LimiterSide(), 1.0, false));
        rows.add(new Row("limiter_lsp_x4", "true-peak limiter, stereo (× realtime)",
                "LSP limiter, threshold −6 dB, lookahead 2 ms, oversampling Full x4, boost/ALR off",
                hostArgs(-3, List.of(LSP_LIMITER, "enabled=1", "th=0.501187", "lk=2", "ovs=15", "boost=0", "alr=0")),
                new LimiterSide(), 1.0, false));
        rows.add(new Row("limiter_dpl_sample_peak", "limiter, stereo, peer WITHOUT true peak (not equal work; informative)",
                "x42 dpl, threshold −6 dB, true peak off (BENCH-NOTES setting)",
                hostArgs(-3, List.of(DPL, "enable=1", "threshold=-6", "truepeak=0")), new LimiterSide(), 1.0, true));
        rows.add(new Row("multiband_lsp", "multiband compressor, 3 bands, stereo-linked (× realtime)",
                "LSP Multiband Compressor (mb_compressor_stereo), classic crossovers 120 Hz / 1 kHz, −24 dB, 4:1, 10/100 ms, RMS (noise −12 dBFS)",
                hostArgs(-12, MB_CHAIN), new MultibandSide(), 1.0, false));
        rows.add(new Row("loudness", "loudness meter without true peak, stereo (× realtime)",
                "x42 EBU R128 meter (noise −12 dBFS; no true peak)", hostArgs(-12, List.of(EBUR128)), new MeterSide(false), 1.0, false));
        rows.add(new Row("loudness_true_peak", "loudness + true-peak metering, stereo (× realtime)",
                "x42 EBU R128 meter → x42 dBTP meter (noise −12 dBFS)", hostArgs(-12, List.of(EBUR128, DBTP)),
                new MeterSide(true), 1.0, false));
        rows.add(new Row("true_peak_only", "true-peak metering alone, stereo (the meter's detector, 256-sample runs)",
                "x42 dBTP meter (noise −12 dBFS)", hostArgs(-12, List.of(DBTP)), new TruePeakSide(), 1.0, true));
        rows.add(new Row("fx_hall", "FX hall reverb, stereo, 100 % wet (× realtime)",
                "Dragonfly Hall Reverb: decay 2 s, pre-delay 20 ms, 30 m, high × 0.7 above 5 kHz, early off (noise −12 dBFS)",
                hostArgs(-12, HALL_CHAIN), new FxSide(FxProcessor.HALL), 1.0, false));
        rows.add(new Row("fx_plate", "FX plate reverb, stereo, 100 % wet (× realtime)",
                "Dragonfly Plate Reverb (Tank): decay 2 s, pre-delay 20 ms, no damping (noise −12 dBFS)",
                hostArgs(-12, PLATE_CHAIN), new FxSide(FxProcessor.PLATE), 1.0, false));
        rows.add(new Row("fx_delay", "FX delay, stereo, 250 ms, 100 % wet (× realtime)",
                "LSP Slap-back Delay (slap_delay_stereo), one tap 250 ms, no feedback, no filters (noise −12 dBFS)",
                hostArgs(-12, DELAY_CHAIN), new FxSide(FxProcessor.DELAY), 1.0, false));
    }

    private int finish(List<Row> rows, String date) throws Exception {
        Map<String, Object> mainChain = mainChainCost();
        json.put("main_chain", mainChain);
        Map<String, Object> lv2bench = lv2benchReference();
        Map<String, Object> silence = defaultsSilence();
        List<Map<String, Object>> liveRows = live ? liveRows() : List.of(Map.of("workload", "live rows (mixbox, realtime, loop latency)", "status", "not run (--no-live)"));

        json.put("load_average_end", loadAverage());
        json.put("offline", rows.stream().map(Row::toJson).toList());
        json.put("lv2bench_defaults_silence", lv2bench);
        json.put("lv2host_defaults_silence", silence);
        json.put("live", liveRows);
        printTable(rows, lv2bench, silence, liveRows);
        System.out.printf(Locale.ROOT, "whole main chain, jackdesk only (%s): %.0f× realtime by CPU time (median of %d runs),"
                + " %.2f %% of one core per stereo main at 48 kHz%n", mainChain.get("chain"), (double) mainChain.get("xrt_cpu_median"),
                rounds, 100.0 / (double) mainChain.get("xrt_cpu_median"));
        Path out = root.resolve("bench/results/peers-" + date + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.write(json) + "\n");
        System.out.println("JSON: " + root.relativize(out));
        return 0;
    }

    // ---------------------------------------------------------------- peers: install, build, run

    private boolean installPeers() throws Exception {
        boolean rootUser = "0".equals(exec(List.of("id", "-u"), 5).trim());
        if (rootUser) {
            List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/install-deps.sh").toString()));
            cmd.addAll(Arrays.asList(PEER_PACKAGES));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                System.err.println("jackdesk bench peers: installing the peers failed (exit " + p.exitValue() + ")");
                return false;
            }
        }
        for (String tool : List.of("gcc", "pkg-config", "lv2bench")) {
            if (onPath(tool) == null) {
                System.err.println("jackdesk bench peers: '" + tool + "' is missing; run as root to install the peers, or: "
                        + "sudo apt-get install -y " + String.join(" ", PEER_PACKAGES));
                return false;
            }
        }
        return true;
    }

    private boolean buildHost() throws Exception {
        Path src = root.resolve("bench/peers/lv2host.c");
        if (Files.isExecutable(host) && Files.getLastModifiedTime(host).compareTo(Files.getLastModifiedTime(src)) > 0) return true;
        String error = compileHost(src, host);
        if (error != null) System.err.println("jackdesk bench peers: " + error);
        return error == null;
    }

    /**
     * Builds lv2host.c with gcc against lilv.
     *
     * @return null when built, else why not (missing gcc or lilv, or the compiler's output)
     */
    static String compileHost(Path src, Path out) throws Exception {
        if (onPath("gcc") == null || onPath("pkg-config") == null) return "gcc and pkg-config are needed to build lv2host";
        Process pc = new ProcessBuilder("pkg-config", "--cflags", "--libs", "lilv-0").redirectErrorStream(true).start();
        String flags = new String(pc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (pc.waitFor() != 0) return "pkg-config knows no lilv-0; install liblilv-dev (" + flags + ")";
        Files.createDirectories(out.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", out.toString(), src.toString()));
        cmd.addAll(Arrays.asList(flags.split("\\s+")));
        cmd.add("-lm");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? null : "building lv2host failed:\n" + log;
    }

    private List<String> hostArgs(double peakDb, List<String> chain) {
        List<String> a = new ArrayList<>(List.of(host.toString(), "-r", "" + RATE, "-b", "" + BLOCK,
                "-s", fmt(seconds), "-w", "1", "-p", fmt(peakDb)));
        a.addAll(chain);
        return a;
    }

    private static final Pattern HOST_LINE = Pattern.compile(
            "xrt_cpu=([0-9.]+) xrt_wall=([0-9.]+) .*out_peak_db=(-?[0-9.]+) out_rms_db=(-?[0-9.]+)");

    private Measure runHost(List<String> args) throws Exception {
        String out = exec(args, 600);
        Matcher m = HOST_LINE.matcher(out);
        if (!m.find()) throw new IOException("lv2host printed no result: " + out);
        return new Measure(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                "out peak " + m.group(3) + " dBFS, rms " + m.group(4) + " dBFS");
    }

    /** lv2bench with every control at its default on silence: the upper bound BENCH-NOTES describes. */
    private Map<String, Object> lv2benchReference() throws Exception {
        Map<String, Object> ref = new LinkedHashMap<>();
        long frames = (long) (seconds * RATE);
        double inv = 0;
        for (String uri : List.of(FIL4, GATE, DARC, DPL, LSP_LIMITER, EBUR128, DBTP)) {
            String out = exec(List.of("lv2bench", "-b", "" + BLOCK, "-n", "" + frames, uri), 600);
            Matcher m = Pattern.compile("^([0-9.]+)\\s+" + Pattern.quote(uri), Pattern.MULTILINE).matcher(out);
            if (!m.find()) {
                ref.put(uri, "no figure: " + out.trim());
                continue;
            }
            double xrt = frames / (double) RATE / Double.parseDouble(m.group(1));
            ref.put(uri, round1(xrt));
            if (uri.equals(FIL4) || uri.equals(GATE) || uri.equals(DARC)) inv += 1 / xrt;
        }
        if (inv > 0) ref.put("strip fil4+gate+darc (1/Σ(1/x))", round1(1 / inv));
        ref.put("note", "lv2bench: wall time, one run, silence, controls at defaults (upper bounds, not equal work)");
        return ref;
    }

    /** lv2host -z: defaults and silence like lv2bench, but timed by CPU time like every other figure here. */
    private Map<String, Object> defaultsSilence() throws Exception {
        Map<String, Object> ref = new LinkedHashMap<>();
        for (String uri : List.of(FIL4, GATE, DARC, DPL, LSP_LIMITER, EBUR128, DBTP)) {
            ref.put(uri, round1(runHost(hostArgs(-12, List.of("-z", uri))).xrtCpu));
        }
        ref.put("strip fil4 → gate → darc", round1(runHost(hostArgs(-12, List.of("-z", FIL4, GATE, DARC))).xrtCpu));
        ref.put("note", "lv2host -z: CPU time, one run, silence, controls at defaults");
        return ref;
    }

    // ---------------------------------------------------------------- jackdesk side

    interface Side {
        void warmUp(double audioSeconds) throws Exception;

        Measure measure(double audioSeconds) throws Exception;
    }

    /** Identical to lv2host.c's generator: channel c starts at 12345 + 1000003 c. */
    static float[] noise(int channel, int frames, double peakDb) {
        double peak = Math.pow(10, peakDb / 20);
        int x = 12345 + 1000003 * channel;
        float[] s = new float[frames];
        for (int i = 0; i < frames; i++) {
            x = 1664525 * x + 1013904223;
            s[i] = (float) (((x >>> 8) / 8388608.0 - 1.0) * peak);
        }
        return s;
    }

    private Measure time(double audioSeconds, double workPerSecond, DoubleSupplier blockOfWork, int blocks) {
        double peak = 0;
        long c0 = threads.getCurrentThreadCpuTime(), w0 = System.nanoTime();
        for (int b = 0; b < blocks; b++) {
            double p = blockOfWork.getAsDouble();
            if (p > peak) peak = p;
        }
        long cpu = threads.getCurrentThreadCpuTime() - c0, wall = System.nanoTime() - w0;
        double audio = (double) blocks * BLOCK / RATE * workPerSecond;
        return new Measure(audio / (cpu * 1e-9), audio / (wall * 1e-9),
                String.format(Locale.ROOT, "jackdesk out peak %.2f dBFS", 20 * Math.log10(Math.max(peak, 1e-30))));
    }

    /** 32 full mono strips as StripBenchmark (pan, fader, 4 sends and meters on top of the peer's work). */
    final class StripSide implements Side {
        final Engine engine;
        final float[][] src = new float[STRIPS][];
        final float[][] in = new float[STRIPS][BLOCK];
        final float[][] out;
        int pos;

        /** {@code vectorLanes} false: the scalar path even where the JVM has the Vector API. */
        StripSide(boolean vectorLanes) throws Exception {
            String old = System.getProperty("jackdesk.engine.simd");
            System.setProperty("jackdesk.engine.simd", Boolean.toString(vectorLanes));
            try {
                engine = StripBenchmark.fullStrips(STRIPS, 4);
            } finally {
                if (old == null) System.clearProperty("jackdesk.engine.simd");
                else System.setProperty("jackdesk.engine.simd", old);
            }
            for (int c = 0; c < STRIPS; c++) src[c] = noise(c, RATE, -12);
            out = new float[engine.outputPortNames().size()][BLOCK];
        }

        double block() {
            if (pos + BLOCK > RATE) pos = 0;
            for (int c = 0; c < STRIPS; c++) System.arraycopy(src[c], pos, in[c], 0, BLOCK);
            pos += BLOCK;
            engine.process(in, out, BLOCK);
            float p = 0;
            for (int i = 0; i < BLOCK; i++) p = Math.max(p, Math.abs(out[0][i]));
            return p;
        }

        public void warmUp(double s) {
            time(s, STRIPS, this::block, (int) (s * RATE / BLOCK));
        }

        public Measure measure(double s) {
            return time(s, STRIPS, this::block, (int) (s * RATE / BLOCK));
        }
    }

    /**
     * One FX slot's effect ({@link FxProcessor}, as the engine's FX slot runs it: 32-frame
     * sub-blocks, 100 % wet) with {@link #fxSettings}, on stereo noise −12 dBFS.
     */
    final class FxSide implements Side {
        final FxProcessor fx = new FxProcessor();
        final float[][] src = {noise(0, RATE, -12), noise(1, RATE, -12)};
        int pos;

        FxSide(int type) {
            fxSettings(type, fx.params());
            fx.prepare(RATE, org.jackdesk.engine.dsp.Dsp.SUB_BLOCK);
            fx.apply();
            fx.setType(type, true);
        }

        double block() {
            if (pos + BLOCK > RATE) pos = 0;
            int sub = org.jackdesk.engine.dsp.Dsp.SUB_BLOCK;
            float p = 0;
            for (int off = 0; off < BLOCK; off += sub) {
                System.arraycopy(src[0], pos + off, fx.input()[0], 0, sub);
                System.arraycopy(src[1], pos + off, fx.input()[1], 0, sub);
                if (!fx.process(sub)) continue;
                float[][] o = fx.output();
                for (int i = 0; i < sub; i++) p = Math.max(p, Math.max(Math.abs(o[0][i]), Math.abs(o[1][i])));
            }
            pos += BLOCK;
            return p;
        }

        /**
         * At least 60 s of audio: C2 compiles the reverbs' long sample loops late (the plate measured
         * 66, 98, 98, then 370–440× realtime in successive 5 s runs), and the rows' 5 s warm-up
         * timed the interpreter and C1 instead.
         */
        public void warmUp(double s) {
            double w = Math.max(60, s);
            time(w, 1, this::block, (int) (w * RATE / BLOCK));
        }

        public Measure measure(double s) {
            return time(s, 1, this::block, (int) (s * RATE / BLOCK));
        }
    }

    /** jackdesk's main-bus true-peak limiter, ceiling −6 dBTP (2 ms look-ahead, 4x detection). */
    final class LimiterSide implements Side {
        final TruePeakLimiter limiter = new TruePeakLimiter(2);
        final float[][] src = {noise(0, RATE, -3), noise(1, RATE, -3)};
        final float[][] buf = new float[2][BLOCK];
        int pos;

        LimiterSide() {
            limiter.setCeilingDbtp(-6f);
            limiter.prepare(RATE, BLOCK);
        }

        double block() {
            if (pos + BLOCK > RATE) pos = 0;
            System.arraycopy(src[0], pos, buf[0], 0, BLOCK);
            System.arraycopy(src[1], pos, buf[1], 0, BLOCK);
            pos += BLOCK;
            limiter.process(buf, 0, BLOCK);
            float p = 0;
            for (int i = 0; i < BLOCK; i++) p = Math.max(p, Math.max(Math.abs(buf[0][i]), Math.abs(buf[1][i])));
            return p;
        }

        public void warmUp(double s) {
            time(s, 1, this::block, (int) (s * RATE / BLOCK));
        }

        public Measure measure(double s) {
            return time(s, 1, this::block, (int) (s * RATE / BLOCK));
        }
    }

    /** Every stage of the main chain on (the limiter and meter are added by the caller): {@link #mainChainCost}. */
    static Map<String, Double> mainChainSettings() {
        Map<String, Double> v = new LinkedHashMap<>();
        for (String on : new String[] {"main/eq/on", "main/eq/1/on", "main/eq/6/on", "main/multiband/on", "main/comp/on", "main/transient/on"}) {
            v.put(on, 1.0);
        }
        v.put("main/eq/3/ms", 2.0); // side
        v.put("main/eq/4/ms", 1.0); // mid
        v.put("main/multiband/bands", 1.0); // 4
        v.put("main/multiband/mode", 1.0); // mid/side
        for (int b = 1; b <= 4; b++) v.put("main/multiband/" + b + "/threshold", -50.0); // every band of the noise reduces
        v.put("main/comp/threshold", -40.0);
        v.put("main/transient/attack", 3.0);
        v.put("main/width", 130.0);
        return v;
    }

    /**
     * The cost of the whole main chain with every stage on (issue 26's "whole master chain per
     * stereo main"): no peer does the same chain, so it is jackdesk's figure alone, timed like the
     * rows (CPU time of this thread, noise −12 dBFS, 64-frame blocks), once per round.
     */
    private Map<String, Object> mainChainCost() {
        OfflineMainChain chain = new OfflineMainChain(mainChainSettings(), RATE, BLOCK);
        TruePeakLimiter limiter = new TruePeakLimiter(2);
        limiter.setCeilingDbtp(-1f);
        limiter.prepare(RATE, BLOCK);
        LoudnessMeter meter = new LoudnessMeter(2);
        meter.prepare(RATE, BLOCK);
        float[][] src = {noise(0, RATE, -12), noise(1, RATE, -12)};
        float[][] buf = new float[2][BLOCK];
        int[] pos = {0};
        DoubleSupplier block = () -> {
            if (pos[0] + BLOCK > RATE) pos[0] = 0;
            System.arraycopy(src[0], pos[0], buf[0], 0, BLOCK);
            System.arraycopy(src[1], pos[0], buf[1], 0, BLOCK);
            pos[0] += BLOCK;
            chain.process(buf, BLOCK);
            limiter.process(buf, 0, BLOCK);
            meter.process(buf, 0, BLOCK);
            return buf[0][BLOCK - 1];
        };
        int blocks = (int) (seconds * RATE / BLOCK);
        time(Math.max(5, seconds), 1, block, (int) (Math.max(5, seconds) * RATE / BLOCK)); // warm-up
        double[] xrt = new double[rounds];
        for (int r = 0; r < rounds; r++) xrt[r] = time(seconds, 1, block, blocks).xrtCpu;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain", "6-band EQ with M/S bands, 4-band M/S multiband, bus compressor, transient shaper, width, true-peak limiter, loudness meter with true peak");
        out.put("xrt_cpu_runs", Arrays.stream(xrt).map(PeersBench::round1).boxed().toList());
        out.put("xrt_cpu_median", median(xrt));
        return out;
    }

    /** jackdesk's multiband compressor at {@link #MB_CHAIN}'s settings, stereo-linked. */
    final class MultibandSide implements Side {
        final MultibandCompressor mb = new MultibandCompressor();
        final float[][] src = {noise(0, RATE, -12), noise(1, RATE, -12)};
        final float[][] buf = new float[2][BLOCK];
        int pos;

        MultibandSide() {
            mb.prepare(RATE, BLOCK);
            mb.setBands(3);
            mb.setCrossoverHz(0, 120f);
            mb.setCrossoverHz(1, 1000f);
            for (int b = 0; b < 3; b++) {
                mb.setThresholdDb(b, -24f);
                mb.setRatio(b, 4f);
                mb.setAttackMs(b, 10f);
                mb.setReleaseMs(b, 100f);
            }
        }

        double block() {
            if (pos + BLOCK > RATE) pos = 0;
            System.arraycopy(src[0], pos, buf[0], 0, BLOCK);
            System.arraycopy(src[1], pos, buf[1], 0, BLOCK);
            pos += BLOCK;
            mb.process(buf, 0, BLOCK);
            return buf[0][BLOCK - 1] + buf[1][BLOCK - 1];
        }

        public void warmUp(double s) {
            time(s, 1, this::block, (int) (s * RATE / BLOCK));
        }

        public Measure measure(double s) {
            return time(s, 1, this::block, (int) (s * RATE / BLOCK));
        }
    }

    /**
     * jackdesk's loudness meter: momentary, short-term, integrated, LRA, sample peak, and 4x true
     * peak when {@code truePeak} (the x42 EBU R128 plugin as hosted measures no true peak, so the
     * equal-work row leaves it out; the "+ true peak" row keeps it, as every user-facing meter).
     */
    final class MeterSide implements Side {
        final LoudnessMeter meter;
        final float[][] src = {noise(0, RATE, -12), noise(1, RATE, -12)};
        int pos;

        MeterSide(boolean truePeak) {
            meter = new LoudnessMeter(2, truePeak);
            meter.prepare(RATE, BLOCK);
        }

        double block() {
            if (pos + BLOCK > RATE) pos = 0;
            meter.process(src, pos, BLOCK);
            pos += BLOCK;
            return 0; // read the values once at the end, as the peer's host does not read them per block
        }

        public void warmUp(double s) {
            time(s, 1, this::block, (int) (s * RATE / BLOCK));
        }

        public Measure measure(double s) {
            Measure m = time(s, 1, this::block, (int) (s * RATE / BLOCK));
            String tp = meter.measuresTruePeak() ? String.format(Locale.ROOT, ", true peak %.2f dBTP", meter.truePeakDbtp()) : ", no true peak";
            return new Measure(m.xrtCpu, m.xrtWall, String.format(Locale.ROOT, "momentary %.1f LUFS%s", meter.momentaryLufs(), tp));
        }
    }

    /**
     * The 4x true-peak detector of jackdesk's loudness meter alone (2 channels), fed as the meter
     * feeds it: {@link LoudnessMeter#TP_STAGE} samples at a time (one run per 4 blocks of 64).
     */
    final class TruePeakSide implements Side {
        static final int RUN = LoudnessMeter.TP_STAGE;
        final TruePeak[] tp = {new TruePeak(), new TruePeak()};
        final float[][] src = {noise(0, RATE, -12), noise(1, RATE, -12)};
        float max;
        int pos;

        double run() {
            if (pos + RUN > RATE) pos = 0;
            for (int c = 0; c < 2; c++) max = Math.max(max, tp[c].processMax(src[c], pos, RUN, max));
            pos += RUN;
            return 0;
        }

        public void warmUp(double s) {
            time(s, RUN / BLOCK, this::run, (int) (s * RATE / RUN));
        }

        public Measure measure(double s) {
            Measure m = time(s, RUN / BLOCK, this::run, (int) (s * RATE / RUN));
            return new Measure(m.xrtCpu, m.xrtWall, String.format(Locale.ROOT, "true peak %.2f dBTP", 20 * Math.log10(max)));
        }
    }

    record Measure(double xrtCpu, double xrtWall, String note) {}

    static final class Row {
        final String key, workload, peerDesc;
        final List<String> hostArgs;
        final Side side;
        final double target;
        final boolean informative;
        final List<Measure> peer = new ArrayList<>(), jd = new ArrayList<>();

        Row(String key, String workload, String peerDesc, List<String> hostArgs, Side side, double target, boolean informative) {
            this.key = key;
            this.workload = workload;
            this.peerDesc = peerDesc;
            this.hostArgs = hostArgs;
            this.side = side;
            this.target = target;
            this.informative = informative;
        }

        double peerMedian() {
            return median(peer.stream().mapToDouble(Measure::xrtCpu).toArray());
        }

        double jdMedian() {
            return median(jd.stream().mapToDouble(Measure::xrtCpu).toArray());
        }

        /** Median of the per-round ratios: each ratio is from one A/B pair seconds apart. */
        double ratio() {
            double[] r = new double[peer.size()];
            for (int i = 0; i < r.length; i++) r[i] = jd.get(i).xrtCpu / peer.get(i).xrtCpu;
            return median(r);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", key);
            m.put("description", workload);
            m.put("peer", peerDesc);
            m.put("peer_command", String.join(" ", hostArgs.subList(1, hostArgs.size())));
            m.put("unit", key.startsWith("strip") ? "strips per core (x realtime of one strip)" : "x realtime");
            m.put("peer_cpu", peer.stream().map(x -> round1(x.xrtCpu)).toList());
            m.put("jackdesk_cpu", jd.stream().map(x -> round1(x.xrtCpu)).toList());
            m.put("peer_wall", peer.stream().map(x -> round1(x.xrtWall)).toList());
            m.put("jackdesk_wall", jd.stream().map(x -> round1(x.xrtWall)).toList());
            m.put("peer_median", round1(peerMedian()));
            m.put("jackdesk_median", round1(jdMedian()));
            m.put("ratio_median_of_rounds", Math.round(ratio() * 100) / 100.0);
            m.put("target_ratio", informative ? "none (not equal work)" : (Object) target);
            m.put("peer_output", peer.get(peer.size() - 1).note);
            m.put("jackdesk_output", jd.get(jd.size() - 1).note);
            return m;
        }
    }

    // ---------------------------------------------------------------- live rows

    private List<Map<String, Object>> liveRows() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        String loadArg = force ? "1000" : fmt(maxLoad);
        int liveSeconds = (int) Math.max(5, Math.round(seconds));
        if (hasClass("org.jackdesk.bench.BenchMixboxCommand")) {
            Map<String, Object> m = liveCommand("32 ch gain/pan/sum live vs jack_mix_box: CPU % of a core (ratio)",
                    List.of("mixbox", "--channels", "32", "--windows", "" + rounds, "--window-seconds", "" + Math.max(3, liveSeconds / 2),
                            "--max-load", loadArg),
                    Map.of("median", MIXBOX));
            Matcher x = MIXBOX.matcher(String.valueOf(m.get("median")));
            if (x.find()) {
                double ratio = Double.parseDouble(x.group(3));
                m.put("figure", "jack_mix_box " + x.group(1) + " %, jackdesk " + x.group(2) + " % (whole JVM) → ratio " + x.group(3));
                m.put("verdict", ratio <= 1.0 ? "≤ 1.0 met" : String.format(Locale.ROOT, "≤ 1.0 MISSED by %.0f %%", (ratio - 1) * 100));
            }
            rows.add(m);
        } else {
            rows.add(new LinkedHashMap<>(Map.of("workload", "32 ch gain/pan/sum live vs jack_mix_box", "status", "not run (needs bench realtime)")));
        }
        if (hasClass("org.jackdesk.bench.BenchRealtimeCommand")) {
            Map<String, Object> m = liveCommand("32 full strips + 8 stereo aux buses + main live: callback p99.9 / max, xruns",
                    List.of("realtime", "--channels", "32", "--seconds", "" + liveSeconds, "--max-load", loadArg),
                    Map.of("callback", CALLBACK, "xruns", XRUNS));
            Matcher c = CALLBACK.matcher(String.valueOf(m.get("callback")));
            Matcher x = XRUNS.matcher(String.valueOf(m.get("xruns")));
            if (c.find() && x.find()) {
                double p999 = Double.parseDouble(c.group(2));
                int beyond = Integer.parseInt(x.group(3));
                m.put("figure", String.format(Locale.ROOT, "p99.9 %s µs (%s %%), max %s µs (%s %%) of 1333 µs; xruns %s, idle baseline %s, %d beyond",
                        c.group(1), c.group(2), c.group(3), c.group(4), x.group(1), x.group(2), beyond));
                m.put("verdict", (p999 <= 25 ? "p99.9 ≤ 25 % met" : String.format(Locale.ROOT, "p99.9 ≤ 25 %% MISSED by %.1f points", p999 - 25))
                        + (beyond == 0 ? "; 0 xruns beyond baseline met" : "; xruns beyond baseline MISSED"));
            }
            rows.add(m);
        } else {
            rows.add(new LinkedHashMap<>(Map.of("workload", "32 full strips live", "status", "not run (needs bench realtime)")));
        }
        rows.add(loopLatency());
        return rows;
    }

    private static final Pattern MIXBOX = Pattern.compile(
            "median: jack_mix_box ([0-9.]+) %, jackdesk ([0-9.]+) % of a core; ratio jackdesk / jack_mix_box ([0-9.]+)");
    private static final Pattern CALLBACK = Pattern.compile(
            "callback: .*p99\\.9 ([0-9.]+) µs \\(([0-9.]+) %\\)\\s+max ([0-9.]+) µs \\(([0-9.]+) %\\)");
    private static final Pattern XRUNS = Pattern.compile("xruns: (\\d+) during the run, (\\d+) in the idle baseline: (-?\\d+) beyond");

    private Map<String, Object> liveCommand(String workload, List<String> args, Map<String, Pattern> want) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        List<String> cmd = new ArrayList<>(List.of(root.resolve("jackdesk").toString(), "bench"));
        cmd.addAll(args);
        m.put("command", "./jackdesk bench " + String.join(" ", args));
        System.out.println("live: " + m.get("command"));
        String out = exec(cmd, 900);
        System.out.print(out.lines().map(l -> "  | " + l + "\n").reduce("", String::concat));
        boolean any = false;
        for (Map.Entry<String, Pattern> e : want.entrySet()) {
            Matcher x = e.getValue().matcher(out);
            if (x.find()) {
                any = true;
                m.put(e.getKey(), x.group(0));
            }
        }
        m.put("status", any ? "ok" : "no result (see output)");
        m.put("output", out.lines().toList());
        return m;
    }

    private static final Pattern IODELAY = Pattern.compile("^\\s*([0-9.]+) frames\\s+[0-9.]+ ms total roundtrip latency", Pattern.MULTILINE);

    /**
     * jack_iodelay looped on itself (its output straight to its input), then looped through jackdesk
     * (jack_delay:out → jackdesk ch1 → main_L → jack_delay:in) on a private dummy server: the dummy
     * backend does not loop its playback into its capture, so both loops are made inside the graph.
     */
    private Map<String, Object> loopLatency() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", "loop latency (frames added, target 0)");
        if (onPath("jack_iodelay") == null || !PrivateJackServer.jackdAvailable()) {
            m.put("status", "not run (needs jackd2 and jack_iodelay)");
            return m;
        }
        PrivateJackServer server = null;
        Process iodelay = null;
        JackBackend backend = null;
        try {
            server = PrivateJackServer.start(PrivateJackServer.Options.defaults().withNamePrefix("jdpeers")
                    .withSampleRate(RATE).withPeriod(BLOCK));
            String name = server.name();
            ProcessBuilder pb = new ProcessBuilder("stdbuf", "-oL", "jack_iodelay").redirectErrorStream(true);
            pb.environment().put("JACK_DEFAULT_SERVER", name);
            iodelay = pb.start();
            List<String> lines = new ArrayList<>();
            Process io = iodelay;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(io.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) synchronized (lines) { lines.add(l); }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "jack_iodelay-reader");
            reader.setDaemon(true);
            reader.start();
            waitForPort(name, "jack_delay:in");
            jack(name, "jack_connect", "jack_delay:out", "jack_delay:in");
            double direct = lastLatency(lines, 3);
            jack(name, "jack_disconnect", "jack_delay:out", "jack_delay:in");

            ParamRegistry reg = ParamRegistry.forLayout(Layout.of(1, 0, 0, 0));
            ConsoleState s = new ConsoleState(reg);
            s.set("ch/1/fader", 0.0, "bench");
            s.set("ch/1/pan", -1.0, "bench");
            s.set("main/fader", 0.0, "bench");
            Engine engine = new Engine(reg, RATE, s.copyValues());
            backend = JackBackend.open(JackBackend.Config.of(engine.inputPortNames(), engine.outputPortNames())
                    .withClientName("jdpeers").withServerName(name), (r, b) -> { }, (st, d) -> { });
            backend.start(engine);
            jack(name, "jack_connect", "jack_delay:out", "jdpeers:" + engine.inputPortNames().get(0));
            String mainL = engine.outputPortNames().contains("main_L") ? "main_L" : engine.outputPortNames().get(0);
            jack(name, "jack_connect", "jdpeers:" + mainL, "jack_delay:in");
            synchronized (lines) { lines.clear(); }
            double through = lastLatency(lines, 3);
            m.put("direct_frames", direct);
            m.put("through_jackdesk_frames", through);
            m.put("frames_added", through - direct);
            m.put("engine_reported_latency_frames", engine.latencyFrames());
            m.put("server", "private jackd dummy, " + RATE + " Hz, " + BLOCK + " frames");
            boolean read = !Double.isNaN(direct) && !Double.isNaN(through);
            m.put("status", read ? "ok" : "no reading from jack_iodelay");
            if (read) {
                m.put("figure", String.format(Locale.ROOT, "jack_iodelay looped directly %.0f frames, through jackdesk %.0f → %.0f frames added"
                        + " (engine reports %d)", direct, through, through - direct, engine.latencyFrames()));
                m.put("verdict", through - direct <= 0.5 ? "0 frames added met" : "0 frames added MISSED");
            }
        } catch (Exception e) {
            m.put("status", "failed: " + e.getMessage());
        } finally {
            if (backend != null) backend.close();
            if (iodelay != null) {
                iodelay.destroy();
                try {
                    if (!iodelay.waitFor(3, TimeUnit.SECONDS)) iodelay.destroyForcibly();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
            if (server != null) server.close();
        }
        return m;
    }

    /** Waits {@code secs} for jack_iodelay to settle and returns its last reading (NaN if none). */
    private static double lastLatency(List<String> lines, int secs) throws InterruptedException {
        Thread.sleep(secs * 1000L);
        double v = Double.NaN;
        synchronized (lines) {
            for (String l : lines) {
                Matcher x = IODELAY.matcher(l);
                if (x.find()) v = Double.parseDouble(x.group(1));
            }
        }
        return v;
    }

    private static void waitForPort(String server, String port) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (jackOut(server, "jack_lsp").lines().anyMatch(port::equals)) return;
            Thread.sleep(100);
        }
        throw new IOException("port " + port + " did not appear on server " + server);
    }

    private static void jack(String server, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JACK_DEFAULT_SERVER", server);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
    }

    private static String jackOut(String server, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JACK_DEFAULT_SERVER", server);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    // ---------------------------------------------------------------- output

    private void printTable(List<Row> rows, Map<String, Object> lv2bench, Map<String, Object> silence,
                            List<Map<String, Object>> liveRows) {
        System.out.println();
        System.out.println("| workload | peer | peer median | jackdesk median | ratio jackdesk/peer | target |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (Row r : rows) {
            double ratio = r.ratio();
            String target = r.informative ? "— (informative)"
                    : (ratio >= r.target ? String.format(Locale.ROOT, "≥ %.1f met", r.target)
                    : String.format(Locale.ROOT, "≥ %.1f MISSED by %.0f %%", r.target, (1 - ratio / r.target) * 100));
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f | %s |%n",
                    r.workload, r.peerDesc, r.peerMedian(), r.jdMedian(), ratio, target);
        }
        for (Map<String, Object> l : liveRows) {
            System.out.printf("| %s | %s | %s |%n", l.get("workload"), l.getOrDefault("figure", "—"),
                    l.getOrDefault("verdict", l.get("status")));
        }
        System.out.println();
        System.out.println("defaults and silence, lv2host -z (CPU time): " + silence);
        System.out.println("lv2bench (defaults, silence, wall time): " + lv2bench);
    }

    // ---------------------------------------------------------------- helpers

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String gcNames() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    }

    static boolean hasClass(String name) {
        try {
            Class.forName(name, false, PeersBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static Path onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Runs a command, returns stdout+stderr; fails with the output when it exits non-zero. */
    static String exec(List<String> cmd, int timeoutSeconds) throws Exception {
        // stdin stays open: lv2bench (like jalv) quits when its standard input closes
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " timed out");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.trim());
        return out;
    }
}
