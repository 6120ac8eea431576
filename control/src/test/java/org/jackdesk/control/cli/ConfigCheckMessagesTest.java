package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jackdesk.control.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code config check} says what and where in the user's terms, cut short, for hostile files (issue 15 item 10). */
class ConfigCheckMessagesTest {
    @TempDir
    Path dir;

    /** The error output of {@code config check} on a file of these bytes; asserts exit code 1. */
    private String check(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("config", "check", f.toString());
        assertEquals(1, code, name + ": " + out + err);
        String e = err.toString();
        assertTrue(e.length() < 2000, name + ": the message is cut short, not " + e.length() + " characters");
        assertFalse(e.contains("JsonReadFeature") || e.contains("StreamReadConstraints") || e.contains("Input length"), name + ": " + e);
        return e;
    }

    private static void assertAt(String name, String err) {
        assertTrue(Pattern.compile(":\\d+:\\d+: ").matcher(err).find(), name + ": line:column given: " + err);
    }

    @Test
    void hostileFilesGetWhatAndWhereShort() throws Exception {
        byte[] utf8 = "{\n  \"version\": 2,\n  \"name\": \"caf\u00e9 \"\n}\n".getBytes(StandardCharsets.ISO_8859_1); // é as Latin-1
        String e = check("latin1.json", utf8);
        assertAt("latin1", e);
        assertTrue(e.contains(":3:15: ") && e.contains("not UTF-8"), e);

        String huge = "x".repeat(1 << 20);
        e = check("long-name.json", ("{\"version\": 2, \"layout\": {\"channels\": [{\"name\": \"" + huge + "\"}]}}").getBytes(StandardCharsets.UTF_8));
        assertAt("long name", e);
        assertTrue(e.contains("1048576"), "says how long: " + e);

        e = check("deep.json", ("{\"version\": 2, \"values\": " + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8));
        assertAt("deep", e);
        assertTrue(e.contains("nested deeper than 1000"), e);

        e = check("long-key.json", ("{\"version\": 2, \"" + "k".repeat(200_000) + "\": 1}").getBytes(StandardCharsets.UTF_8));
        assertAt("long key", e);

        e = check("nan.json", "{\"version\": 2, \"values\": {\"ch/1/fader\": NaN}}".getBytes(StandardCharsets.UTF_8));
        assertAt("NaN", e);
        assertTrue(e.contains("NaN and Infinity are not numbers in JSON"), e);
    }
}
