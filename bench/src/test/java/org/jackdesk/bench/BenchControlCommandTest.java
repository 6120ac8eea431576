package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchControlCommandTest {

    @Test
    void shortBenchRunMeasuresEchoesAndMeterFrames() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = BenchMain.run("bench", "control", "--clients", "20", "--seconds", "1", "--warmup", "0", "--channels", "4", "--buses", "2");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.matches("(?s).*echo latency to the other 19 clients: p50 [0-9.]+ ms  p99 [0-9.]+ ms  max [0-9.]+ ms  \\([1-9][0-9]* changes received\\).*"), out);
        assertTrue(out.matches("(?s).*meter frames: [1-9][0-9.]* fps per client.*"), "meter frames arrived: " + out);
        assertTrue(out.matches("(?s).*server event loop CPU, meters only: [0-9.]+ %.*"), out);
        assertTrue(out.matches("(?s).*server event loop CPU, meters \\+ fader echoes: [0-9.]+ %.*"), out);
    }

    @Test
    void benchWithoutASubjectIsAUsageError() {
        assertEquals(2, BenchMain.run("bench"));
    }

    @Test
    void badOptionValuesAreOneClearLineAndAUsageExitCode() {
        for (String[] args : new String[][] {
                {"bench", "control", "--clients", "1"},
                {"bench", "soak", "--clients", "1"},
                {"bench", "soak", "--rate", "0"}}) {
            BenchCli.Result r = BenchCli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("jackdesk bench " + args[1] + ": --"), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }
}
