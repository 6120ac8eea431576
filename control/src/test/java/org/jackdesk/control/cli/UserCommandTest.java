package org.jackdesk.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.control.security.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jackdesk user add} and {@code jackdesk passwd} write only PBKDF2 hashes, atomically, into a valid file. */
class UserCommandTest {
    @TempDir
    Path dir;

    static CliRunner.Result withStdin(String stdin, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliRunner.run(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void addAndPasswdStoreHashesNeverPinsAndKeepTheFileValid() throws Exception {
        Path cfg = dir.resolve("console.json");
        String original = Files.readString(Path.of("../config/examples/small-band.json"));
        Files.writeString(cfg, original);
        CliRunner.Result add = withStdin("975311\n", "user", "add", "drums", "--role", "monitor", "--buses", "1,2",
                "--config", cfg.toString(), "--pin-stdin");
        assertEquals(0, add.code(), add.err());
        CliRunner.Result pw = withStdin("correct horse\n", "passwd", "--config", cfg.toString(), "--pin-stdin");
        assertEquals(0, pw.code(), pw.err());
        String text = Files.readString(cfg);
        assertFalse(text.contains("975311") || text.contains("correct horse"), "no secret in the file");
        assertFalse((add.out() + add.err() + pw.out() + pw.err()).contains("975311"), "no secret in the output");
        ConsoleConfig c = ConfigJson.read(cfg);
        List<ConsoleConfig.UserConfig> users = c.userList();
        assertEquals(List.of("drums", "admin"), users.stream().map(ConsoleConfig.UserConfig::name).toList());
        assertEquals(List.of(1, 2), users.get(0).buses());
        assertEquals("admin", users.get(1).role());
        assertTrue(users.get(0).hash().startsWith("pbkdf2-sha256$" + PasswordHasher.DEFAULT_ITERATIONS + "$"), users.get(0).hash());
        assertTrue(PasswordHasher.verify("975311".toCharArray(), users.get(0).hash()));
        assertTrue(PasswordHasher.verify("correct horse".toCharArray(), users.get(1).hash()));
        assertEquals(List.of("drums"), ConfigJson.read(dir.resolve("console.json.bak")).userList().stream()
                .map(ConsoleConfig.UserConfig::name).toList(), "the previous version stays as .bak");
        assertEquals(ConfigJson.read(Path.of("../config/examples/small-band.json")).layout(), c.layout(), "everything else is unchanged");

        CliRunner.Result list = CliRunner.run("user", "list", "--config", cfg.toString());
        assertTrue(list.out().contains("drums  monitor  buses [1, 2]") && !list.out().contains("pbkdf2"), list.out());
    }

    @Test
    void badRequestsChangeNothing() throws Exception {
        Path cfg = dir.resolve("console.json");
        Files.writeString(cfg, Files.readString(Path.of("../config/examples/small-band.json")));
        String before = Files.readString(cfg);
        CliRunner.Result bus = withStdin("1234\n", "user", "add", "drums", "--role", "monitor", "--buses", "99",
                "--config", cfg.toString(), "--pin-stdin");
        assertEquals(2, bus.code());
        assertTrue(bus.err().contains("bus 99 does not exist"), bus.err());
        CliRunner.Result role = withStdin("1234\n", "user", "add", "x", "--role", "monitr", "--config", cfg.toString(), "--pin-stdin");
        assertTrue(role.err().contains("did you mean 'monitor'"), role.err());
        CliRunner.Result shortPin = withStdin("12\n", "user", "add", "x", "--role", "viewer", "--config", cfg.toString(), "--pin-stdin");
        assertTrue(shortPin.err().contains("at least 4"), shortPin.err());
        CliRunner.Result nobody = withStdin("1234\n", "passwd", "--user", "nobody", "--config", cfg.toString(), "--pin-stdin");
        assertTrue(nobody.err().contains("there is no user 'nobody'"), nobody.err());
        assertEquals(before, Files.readString(cfg), "the file is untouched");
        assertFalse(Files.exists(dir.resolve("console.json.bak")));
    }
}
