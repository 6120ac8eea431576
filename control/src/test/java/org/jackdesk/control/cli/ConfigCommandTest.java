package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jackdesk.control.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void shippedConfigurationsPassTheCheck() {
        int code = run("config", "check", "../config/default.json", "../config/examples/small-band.json", "../config/examples/studio.json");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("../config/default.json: OK (16 mono + 4 stereo channels, 6 buses"), out.toString());
    }

    @Test
    void badFileListsEveryProblemWithPositionAndExitsOne() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"version\": 2,\n  \"layout\": {\"chanels\": []},\n  \"server\": {\"httpPort\": 0}\n}\n");
        assertEquals(1, run("config", "check", f.toString()));
        String e = err.toString();
        assertTrue(e.contains(f + ":3:14: layout.chanels: unknown key 'chanels' (did you mean 'channels'?)"), e);
        assertTrue(e.contains(f + ":4:14: server.httpPort: must be between 1 and 65535 (got 0)"), e);
        assertEquals(1, run("config", "check", dir.resolve("missing.json").toString()));
        assertTrue(err.toString().contains("missing.json: cannot read: no such file"), err.toString());
    }
}
