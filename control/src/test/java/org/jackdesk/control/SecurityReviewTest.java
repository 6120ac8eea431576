package org.jackdesk.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.Notices;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks of the adversarial review (issue 15), each against a real server on loopback with an
 * admin, an engineer, a monitor and a viewer configured.
 */
@ExtendWith(VertxExtension.class)
class SecurityReviewTest {
    /** A console with scenes whose configuration holds the users, as {@code jackdesk start --config} runs it. */
    static final class Console {
        final ConsoleConfig config;
        final ConsoleState state;
        final SceneManager scenes;
        final ControlServer.Bound bound;

        Console(Vertx vertx, ServerOptions options, SecurityOptions security) {
            ConsoleConfig d = ConfigJson.builtinDefault();
            List<Map<String, Object>> users = new ArrayList<>();
            for (ConsoleConfig.UserConfig u : security.users()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", u.name());
                m.put("role", u.role());
                m.put("buses", u.buses());
                m.put("hash", u.hash());
                users.add(m);
            }
            config = new ConsoleConfig(d.version(), d.name(), d.layout(), d.server(), d.jack(), users, d.values());
            state = new ConsoleState(ParamRegistry.forLayout(config.toLayout()));
            scenes = new SceneManager(state, System::currentTimeMillis, LiveShow.ticker(vertx));
            bound = WsClient.await(ControlServer.deploy(vertx, state,
                    new RecordingEngine(config.toLayout().channels().size(), config.toLayout().buses().size()),
                    options, new LiveShow(scenes, config, new Notices()), security));
        }

        Console(Vertx vertx) {
            this(vertx, ServerOptions.loopbackEphemeral(), SecurityOptions.open().withUsers(AccessControlTest.USERS, null));
        }

        int port() {
            return bound.httpPort();
        }
    }

    static HttpResponse<Buffer> get(WebClient web, int port, String uri, String token) {
        return WsClient.await(web.get(port, "127.0.0.1", uri).putHeader("Authorization", "Bearer " + token).send());
    }

    @Test
    void aShowExportCarriesNoPasswordHashUnlessAnAdminAsksForAFullBackup(Vertx vertx) {
        Console c = new Console(vertx);
        WebClient web = WebClient.create(vertx);
        for (String[] who : List.of(new String[] {"guest", "4444"}, new String[] {"drums", "3333"}, new String[] {"foh", "2222"},
                new String[] {"boss", "1111"})) {
            String t = AccessControlTest.token(web, c.port(), who[0], who[1]);
            HttpResponse<Buffer> r = get(web, c.port(), "/api/show", t);
            assertEquals(200, r.statusCode(), who[0] + ": " + r.bodyAsString());
            String body = r.bodyAsString();
            assertFalse(body.contains("pbkdf2") || body.contains("\"hash\""), who[0] + " got password hashes: " + body);
            assertTrue(r.getHeader("X-Jackdesk-Export").startsWith("without"), r.getHeader("X-Jackdesk-Export"));
            assertEquals(0, new JsonObject(body).getJsonObject("config").getJsonArray("users", new io.vertx.core.json.JsonArray()).size(),
                    "no user list for " + who[0]);
            if (!who[0].equals("boss")) {
                HttpResponse<Buffer> full = get(web, c.port(), "/api/show?credentials=1", t);
                assertEquals(403, full.statusCode(), who[0] + " may not take a full backup");
                assertEquals("forbidden", full.bodyAsJsonObject().getString("code"));
                assertFalse(full.bodyAsString().contains("pbkdf2"));
            }
        }
        String boss = AccessControlTest.token(web, c.port(), "boss", "1111");
        HttpResponse<Buffer> full = get(web, c.port(), "/api/show?credentials=1", boss);
        assertEquals(200, full.statusCode());
        assertTrue(full.getHeader("X-Jackdesk-Export").contains("password hashes"), "the full backup says so");
        assertEquals(4, new JsonObject(full.bodyAsString()).getJsonObject("config").getJsonArray("users").size());
        assertTrue(full.bodyAsString().contains("pbkdf2"));
    }

    @Test
    void anotherUsersSuccessfulLoginDoesNotResetTheThrottleOfTheGuessedUser(Vertx vertx) {
        Console c = new Console(vertx);
        WebClient web = WebClient.create(vertx);
        int guesses = 0;
        boolean throttled = false;
        for (int round = 0; round < 3 && !throttled; round++) {
            for (int i = 0; i < 4 && !throttled; i++) {
                HttpResponse<Buffer> r = AccessControlTest.login(web, c.port(), "foh", String.format("%04d", 100 + guesses++));
                throttled = r.statusCode() == 429;
                if (!throttled) assertEquals(401, r.statusCode(), r.bodyAsString());
            }
            if (!throttled) {
                HttpResponse<Buffer> ok = AccessControlTest.login(web, c.port(), "guest", "4444");
                throttled = ok.statusCode() == 429;
            }
        }
        assertTrue(throttled, "429 within two rounds of four guesses, after " + guesses + " guesses");
        assertTrue(guesses <= 6, guesses + " guesses went through");
        HttpResponse<Buffer> right = AccessControlTest.login(web, c.port(), "foh", "2222");
        assertEquals(429, right.statusCode(), "foh is locked, even with the right PIN: " + right.bodyAsString());
    }
}
