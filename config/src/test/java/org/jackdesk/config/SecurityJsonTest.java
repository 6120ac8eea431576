package org.jackdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The users list and the security keys of server: schema, precise messages, and no secret in any message. */
class SecurityJsonTest {
    /** A well-formed hash (the verifier lives in control; here only the format matters). */
    static final String HASH = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);

    static String config(String users, String server) {
        return """
                {"version": 2,
                 "layout": {"channels": [{"name": "Kick"}, {"name": "Vox"}], "buses": [{"name": "Wedge 1"}, {"name": "Wedge 2"}]},
                 "server": {"httpPort": 8080%s},
                 "users": [%s]}
                """.formatted(server, users);
    }

    static String problems(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigJson.read("c.json", text));
        return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void validUsersAndSecurityKeysAreReadTypedAndWrittenBack() throws Exception {
        String text = config("{\"name\":\"admin\",\"role\":\"admin\",\"hash\":\"" + HASH + "\"},"
                        + "{\"name\":\"drums\",\"role\":\"monitor\",\"buses\":[2],\"hash\":\"" + HASH + "\"}",
                ",\"origins\":[\"http://mixer.local:8080\"],\"oscAllow\":[\"192.168.1.0/24\",\"10.0.0.7\"],\"oscUser\":\"drums\","
                        + "\"tlsCert\":\"cert.pem\",\"tlsKey\":\"key.pem\"");
        ConsoleConfig c = ConfigJson.read("c.json", text);
        assertEquals(List.of(new ConsoleConfig.UserConfig("admin", "admin", List.of(), HASH),
                new ConsoleConfig.UserConfig("drums", "monitor", List.of(2), HASH)), c.userList());
        ConsoleConfig.NetworkSecurity ns = c.server().security();
        assertEquals(List.of("192.168.1.0/24", "10.0.0.7"), ns.oscAllow());
        assertEquals("drums", ns.oscUser());
        assertEquals("cert.pem", ns.tlsCert());
        assertEquals(c, ConfigJson.read("again.json", ConfigJson.write(c)), "round trip");
        assertFalse(c.toString().contains(HASH) || c.userList().toString().contains(HASH), "hashes stay out of toString");
    }

    @Test
    void aPinWrittenIntoTheFileIsRefusedWithoutRepeatingIt() {
        String p = problems(config("{\"name\":\"drums\",\"role\":\"viewer\",\"pin\":\"864213\"}", ""));
        assertTrue(p.contains("users[0].pin: a pin is never stored in plain text"), p);
        assertTrue(p.contains("./jackdesk user add"), p);
        String h = problems(config("{\"name\":\"drums\",\"role\":\"viewer\",\"hash\":\"864213\"}", ""));
        assertTrue(h.contains("users[0].hash: is not a PBKDF2 hash"), h);
        assertFalse(p.contains("864213") || h.contains("864213"), "the secret never appears in a message");
    }

    @Test
    void badUsersGetPreciseMessages() {
        String p = problems(config(
                "{\"name\":\"drums\",\"role\":\"monitr\",\"hash\":\"" + HASH + "\"},"
                        + "{\"name\":\"drums\",\"role\":\"monitor\",\"buses\":[3],\"hash\":\"" + HASH + "\"},"
                        + "{\"name\":\"bad name!\",\"role\":\"monitor\",\"hash\":\"" + HASH + "\"},"
                        + "{\"name\":\"foh\",\"role\":\"engineer\",\"buses\":[1],\"hash\":\"" + HASH + "\"},"
                        + "{\"name\":\"low\",\"role\":\"viewer\",\"hash\":\"pbkdf2-sha256$10$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43) + "\"},"
                        + "{\"name\":\"x\",\"role\":\"viewer\",\"hash\":\"" + HASH + "\",\"colour\":\"red\"}",
                ",\"oscUser\":\"nobody\",\"oscAllow\":[\"mixer.local\",\"10.0.0.0/33\"],\"origins\":[\"evil\"],\"tlsCert\":\"c.pem\""));
        for (String expected : List.of(
                "users[0].role: unknown role 'monitr'; roles are admin, engineer, monitor, viewer (did you mean 'monitor'?)",
                "users[1].name: user 'drums' is listed twice",
                "users[1].buses[0]: bus 3 does not exist (this console has 2 buses)",
                "users[2].name: a user name is 1 to 32 letters",
                "users[2]: a monitor user needs \"buses\"",
                "users[3].buses: only a monitor user has buses",
                "users[4].hash: work factor 10 is too low",
                "users[5].colour: unknown key 'colour'",
                "server.oscUser: there is no user 'nobody'",
                "server.oscAllow[0]: 'mixer.local' is not an IP address",
                "server.oscAllow[1]: '10.0.0.0/33' is not an IP address",
                "server.origins[0]: an origin is scheme://host[:port]",
                "TLS needs both \"tlsCert\" and \"tlsKey\"")) {
            assertTrue(p.contains(expected), "expected «" + expected + "» in\n" + p);
        }
        assertTrue(p.contains("c.json:"), "problems carry file and position: " + p);
    }
}
