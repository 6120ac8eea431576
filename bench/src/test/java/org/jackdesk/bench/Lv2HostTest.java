package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code bench/peers/lv2host.c} from rotting: it only runs inside {@code jackdesk bench peers},
 * so this builds it and runs x42 fil4 for 0.1 s of audio, and checks the rows' equal work (the
 * multiband's reduction, the FX peers' decay and echo through the synchronous LV2 worker). Skipped,
 * saying why, when gcc, lilv or the plugins are not installed. No timing is asserted.
 */
class Lv2HostTest {
    @TempDir
    static Path dir;
    static Path host;

    @BeforeAll
    static void build() throws Exception {
        Path src = Path.of("peers/lv2host.c").toAbsolutePath();
        assumeTrue(Files.isRegularFile(src), "lv2host.c not found at " + src);
        host = dir.resolve("lv2host");
        String error = PeersBench.compileHost(src, host);
        assumeTrue(error == null, "lv2host not built, test skipped: " + error);
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/lv2/x42-eq.lv2")) || hasPlugin(PeersBench.FIL4),
                "x42-plugins not installed (apt-get install -y x42-plugins), test skipped");
    }

    static boolean hasPlugin(String uri) throws Exception {
        return run("-s", "0.01", uri).code == 0;
    }

    record Result(int code, String out) {}

    static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(host.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    static double rmsDb(String out) {
        Matcher m = Pattern.compile("out_rms_db=(-?[0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void setsControlsBySymbolAndFeedsNoiseAtTheAskedPeak() throws Exception {
        Result unity = run("-s", "0.1", "-w", "0.05", "-p", "-12", PeersBench.FIL4, "enable=1", "gain=0");
        Result minus6 = run("-s", "0.1", "-w", "0.05", "-p", "-12", PeersBench.FIL4, "enable=1", "gain=-6");
        assertEquals(0, unity.code, unity.out);
        assertEquals(0, minus6.code, minus6.out);
        assertTrue(unity.out.matches("(?s)xrt_cpu=[0-9.]+ xrt_wall=[0-9.]+ seconds=0\\.1\\d .*plugins=1 channels=1\\s*"), unity.out);
        // uniform noise with peak -12 dBFS has an RMS of -12 - 4.77 dB; fil4 disabled passes it through
        Result bypassed = run("-s", "0.1", "-w", "0.05", "-p", "-12", PeersBench.FIL4, "enable=0");
        assertEquals(-16.77, rmsDb(bypassed.out), 0.1, bypassed.out);
        assertEquals(6.0, rmsDb(unity.out) - rmsDb(minus6.out), 0.1, "the gain control did not take effect");
    }

    @Test
    void unknownSymbolIsAClearErrorNamingIt() throws Exception {
        Result r = run("-s", "0.1", PeersBench.FIL4, "nosuchport=1");
        assertEquals(2, r.code, r.out);
        assertTrue(r.out.contains("no control input with symbol nosuchport"), r.out);
    }

    @Test
    void outOfRangeValueIsRefusedWithTheRange() throws Exception {
        Result r = run("-s", "0.1", PeersBench.FIL4, "gain=40");
        assertEquals(2, r.code, r.out);
        assertTrue(r.out.contains("gain=40 is outside [-18, 18]"), r.out);
    }

    @Test
    void theMultibandRowCompressesAsMuchOnBothSides() throws Exception {
        // Equal settings, equal work: on the row's noise, LSP's multiband compressor and jackdesk's
        // take the RMS level down by about the same amount (their detectors are not identical).
        assumeTrue(hasPlugin(PeersBench.LSP_MB_COMPRESSOR), "lsp-plugins-lv2 not installed, test skipped");
        List<String> on = new ArrayList<>(List.of("-s", "2", "-w", "0.5", "-p", "-12"));
        on.addAll(PeersBench.MB_CHAIN);
        List<String> off = new ArrayList<>(on);
        off.set(off.indexOf("enabled=1"), "enabled=0");
        Result lspOn = run(on.toArray(String[]::new)), lspOff = run(off.toArray(String[]::new));
        assertEquals(0, lspOn.code, lspOn.out);
        double lspReduction = rmsDb(lspOff.out) - rmsDb(lspOn.out);

        PeersBench.MultibandSide jd = new PeersBench(Path.of("."), 1, 1, false, false, 99).new MultibandSide();
        int blocks = 2 * PeersBench.RATE / PeersBench.BLOCK, warm = PeersBench.RATE / 2 / PeersBench.BLOCK;
        double in = 0, out = 0;
        float[][] src = {PeersBench.noise(0, PeersBench.RATE, -12), PeersBench.noise(1, PeersBench.RATE, -12)};
        for (int k = 0; k < warm + blocks; k++) {
            int pos = jd.pos + PeersBench.BLOCK > PeersBench.RATE ? 0 : jd.pos; // where block() reads
            jd.block();
            if (k < warm) continue;
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < PeersBench.BLOCK; i++) {
                    in += (double) src[c][pos + i] * src[c][pos + i];
                    out += (double) jd.buf[c][i] * jd.buf[c][i];
                }
            }
        }
        double jdReduction = 10 * Math.log10(in / out);
        assertTrue(lspReduction > 1.5, "LSP did not compress: " + lspReduction + " dB (" + lspOn.out + ")");
        assertEquals(lspReduction, jdReduction, 1.5, "LSP " + lspReduction + " dB, jackdesk " + jdReduction + " dB");
    }

    static double field(String out, String key) {
        Matcher m = Pattern.compile(key + "=(-?[0-9.]+)").matcher(out);
        assertTrue(m.find(), key + " not in: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theFxPeersDoTheSetWorkThroughTheSynchronousWorker() throws Exception {
        // Equal settings, equal work: Dragonfly's reverbs need worker#schedule (lv2host's synchronous
        // worker) and must really ring for about the set decay (2 s; broadband T30 of the impulse
        // response, so the hall's damping above 5 kHz shortens it a little); the slap delay's echo
        // comes back at the set 250 ms, sample-exact like jackdesk's (DelayTest).
        assumeTrue(hasPlugin(PeersBench.DRAGONFLY_HALL) && hasPlugin(PeersBench.DRAGONFLY_PLATE),
                "dragonfly-reverb-lv2 not installed (apt-get install -y dragonfly-reverb-lv2), test skipped");
        for (List<String> chain : List.of(PeersBench.HALL_CHAIN, PeersBench.PLATE_CHAIN)) {
            List<String> args = new ArrayList<>(List.of("-i", "-s", "4"));
            args.addAll(chain);
            Result r = run(args.toArray(String[]::new));
            assertEquals(0, r.code, r.out);
            double t30 = field(r.out, "edc_t30");
            System.out.println(chain.get(0) + ": " + r.out.trim());
            assertTrue(t30 > 0.75 * 2 && t30 < 1.75 * 2, chain.get(0) + " T30 " + t30 + " s for a set decay of 2 s");
            assertTrue(field(r.out, "first_at") >= 0.020 * 48000, "nothing before the 20 ms pre-delay: " + r.out);
        }
        assumeTrue(hasPlugin(PeersBench.LSP_SLAP_DELAY), "lsp-plugins-lv2 not installed, test skipped");
        List<String> args = new ArrayList<>(List.of("-i", "-s", "0.5"));
        args.addAll(PeersBench.DELAY_CHAIN);
        Result d = run(args.toArray(String[]::new));
        assertEquals(0, d.code, d.out);
        assertEquals(12000, field(d.out, "first_at"), 0, "the echo at 250 ms: " + d.out);
    }

    @Test
    void aUrnIsAPluginNotASetting() throws Exception {
        assumeTrue(hasPlugin(PeersBench.DRAGONFLY_PLATE), "dragonfly-reverb-lv2 not installed, test skipped");
        Result r = run("-s", "0.1", PeersBench.FIL4, "enable=1", PeersBench.DRAGONFLY_PLATE);
        assertEquals(2, r.code, r.out); // a chain of 1 and 2 channels: refused, but as a second plugin
        assertTrue(r.out.contains("same channel count"), r.out);
    }

    @Test
    void javaNoiseIsTheSameSequenceAsTheHosts() {
        // lv2host.c: x = 1664525 x + 1013904223 from 12345 + 1000003 c; first sample of channel 0 at 0 dBFS
        long x = (1664525L * 12345 + 1013904223L) & 0xffffffffL;
        float expected = (float) ((x >>> 8) / 8388608.0 - 1.0);
        assertEquals(expected, PeersBench.noise(0, 4, 0)[0]);
    }

    @Test
    void compileErrorsAreReported() throws Exception {
        Path bad = dir.resolve("bad.c");
        Files.writeString(bad, "int main( {");
        String error = PeersBench.compileHost(bad, dir.resolve("bad"));
        assertTrue(error != null && error.contains("building lv2host failed"), String.valueOf(error));
        assertNull(PeersBench.compileHost(Path.of("peers/lv2host.c").toAbsolutePath(), dir.resolve("again")));
    }
}
