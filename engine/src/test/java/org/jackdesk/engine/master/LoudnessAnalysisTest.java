package org.jackdesk.engine.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jackdesk.engine.dsp.Signals;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoudnessAnalysisTest {
    @TempDir
    Path dir;

    /** ffmpeg's ebur128 summary: integrated loudness, LRA and true peak (peak=true). */
    static double[] ffmpeg(Path wav) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostats", "-hide_banner", "-i", wav.toString(),
                "-af", "ebur128=peak=true", "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        int summary = out.lastIndexOf("Summary:");
        assertTrue(summary >= 0, out);
        String s = out.substring(summary);
        return new double[] {num(s, "I:\\s+(-?[0-9.]+|-inf) LUFS"), num(s, "LRA:\\s+(-?[0-9.]+) LU"),
            num(s, "Peak:\\s+(-?[0-9.]+|-inf) dBFS")};
    }

    private static double num(String s, String re) {
        Matcher m = Pattern.compile(re).matcher(s);
        assertTrue(m.find(), re + " in " + s);
        return m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }

    @Test
    void integratedLoudnessAgreesWithFfmpegEbur128() throws Exception {
        Object[][] cases = {
            {"prog-stereo-48k.wav", MasterTestFiles.programme(2, 48000, 30, -10, 1), 48000},
            {"prog-stereo-44k.wav", MasterTestFiles.programme(2, 44100, 25, -20, 2), 44100},
            {"prog-mono-96k.wav", MasterTestFiles.programme(1, 96000, 15, -6, 3), 96000},
            {"gated-sequence.wav", Signals.sineSequence(48000, -40, 8, -18, 12, -45, 8), 48000},
        };
        for (Object[] c : cases) {
            Path p = dir.resolve((String) c[0]);
            MasterTestFiles.write(p, (float[][]) c[1], (int) c[2], WavWriter.Format.FLOAT_32);
            LoudnessReport r = LoudnessAnalysis.analyze(p);
            double[] ref = ffmpeg(p);
            assertEquals(ref[0], r.integratedLufs().getAsDouble(), 0.1, c[0] + " integrated");
            assertEquals(ref[1], r.lraLu(), 0.2, c[0] + " LRA"); // ffmpeg prints 0.1 LU steps
            assertEquals(ref[2], r.truePeakDbtp(), 0.3, c[0] + " true peak");
        }
    }

    @Test
    void reportsEverythingForAProgramme() throws Exception {
        Path p = dir.resolve("a.wav");
        MasterTestFiles.write(p, Signals.sine(2, 48000, 1000, -23, 5), 48000, WavWriter.Format.PCM_24);
        LoudnessReport r = LoudnessAnalysis.analyze(p);
        assertEquals(-23.0, r.integratedLufs().getAsDouble(), 0.1);
        assertEquals(-23.0, r.maxMomentaryLufs(), 0.1);
        assertEquals(-23.0, r.maxShortTermLufs(), 0.1);
        assertEquals(-23.0, r.samplePeakDbfs(), 0.01);
        assertEquals(-23.0, r.truePeakDbtp(), 0.1);
        assertEquals(5.0, r.durationSeconds(), 1e-9);
        assertEquals(2, r.channels());
    }

    @Test
    void silenceHasNoIntegratedLoudness() throws Exception {
        Path p = dir.resolve("silence.wav");
        MasterTestFiles.write(p, new float[2][48000 * 2], 48000, WavWriter.Format.PCM_16);
        LoudnessReport r = LoudnessAnalysis.analyze(p);
        assertFalse(r.integratedLufs().isPresent());
        assertEquals(Double.NEGATIVE_INFINITY, r.truePeakDbtp());
        assertEquals(0.0, r.lraLu());
    }

    @Test
    void shorterThan400msIsRejected() throws Exception {
        Path p = dir.resolve("short.wav");
        MasterTestFiles.write(p, Signals.sine(2, 48000, 1000, -10, 0.3), 48000, WavWriter.Format.PCM_16);
        WavException e = assertThrows(WavException.class, () -> LoudnessAnalysis.analyze(p));
        assertEquals("too short to measure: 0.300 s, loudness needs at least 0.4 s", e.reason());
    }
}
