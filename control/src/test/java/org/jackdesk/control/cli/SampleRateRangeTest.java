package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jackdesk.engine.io.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** meter, master and render share one sample-rate range and name the file they refuse (issue 15 item 11). */
class SampleRateRangeTest {
    @TempDir
    Path dir;

    private Path wav(String name, int rate) throws Exception {
        Path p = dir.resolve(name);
        float[][] x = new float[1][rate < 100 ? 64 : rate];
        for (int i = 0; i < x[0].length; i++) x[0][i] = (float) (0.5 * Math.sin(i * 0.3));
        try (WavWriter w = WavWriter.create(p, rate, 1)) {
            w.write(x, 0, x[0].length);
            w.commit();
        }
        return p;
    }

    @Test
    void aFileOutsideEightKilohertzToThreeHundredEightyFourIsRefusedByEveryCommandNamingIt() throws Exception {
        for (int rate : new int[] {1, 7999, 384_001}) {
            Path p = wav("rate-" + rate + ".wav", rate);
            Path mastered = Files.createDirectory(dir.resolve("mastered-" + rate));
            CliRunner.Result[] results = {
                    CliRunner.run("meter", p.toString()),
                    CliRunner.run("master", "--out", mastered.toString(), p.toString()),
                    CliRunner.run("render", "--out", dir.resolve("render-" + rate + ".wav").toString(), p.toString()),
            };
            for (CliRunner.Result r : results) {
                assertNotEquals(0, r.code(), rate + " Hz: " + r.out());
                assertTrue(r.err().contains(p.toString()), "the file is named: " + r.err());
                assertTrue(r.err().contains("8000 .. 384000 Hz"), "the range is said: " + r.err());
            }
            try (var files = Files.list(mastered)) {
                assertFalse(files.findAny().isPresent(), "no mastered file written at " + rate + " Hz");
            }
        }
        CliRunner.Result ok = CliRunner.run("meter", wav("ok.wav", 8000).toString());
        assertTrue(ok.code() == 0, ok.err());
    }
}
