package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.jackdesk.control.ui.BrowserTestSupport.url;
import static org.jackdesk.control.ui.BrowserTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.control.Console;
import org.jackdesk.control.ControlServer;
import org.jackdesk.control.ServerOptions;
import org.jackdesk.control.security.PasswordHasher;
import org.jackdesk.control.security.SecurityOptions;
import org.junit.jupiter.api.Test;

/** The PIN screen in real Chromium against a real server with users: login, the monitor's view, reload, logout. */
class WebUiLoginTest {
    @Test
    void pinScreenLogsInAMonitorToItsOwnBusAndLogsOut() throws Exception {
        assumeChromium();
        Vertx vertx = Vertx.vertx();
        try (Chromium c = new Chromium(1024, 768)) {
            SecurityOptions sec = SecurityOptions.open().withUsers(List.of(
                    new ConsoleConfig.UserConfig("foh", "engineer", List.of(), PasswordHasher.hash("2222".toCharArray(), 1000)),
                    new ConsoleConfig.UserConfig("drums", "monitor", List.of(2), PasswordHasher.hash("3333".toCharArray(), 1000))), null);
            ControlServer.Bound b = Console.start(Console.Options.of(ConfigJson.builtinDefault().withLayout(UiServer.LAYOUT),
                    new UiTestEngine(UiServer.LAYOUT.channels().size(), UiServer.LAYOUT.buses().size()), vertx)
                    .withServer(ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC)).withSecurity(sec)).bound();
            c.driver.get(url(b.httpPort()));
            waitFor(() -> Boolean.TRUE.equals(c.js("return document.body.classList.contains('needs-login')")), "the PIN screen shows");
            assertTrue(!"online".equals(c.js("return document.body.dataset.connection")), "nothing is shown as online before the login");

            c.js("document.querySelector('#login-user').value = 'drums'; document.querySelector('#login-pin').value = '9999';"
                    + "document.querySelector('#login-go').click();");
            waitFor(() -> "Wrong name or PIN".equals(c.js("return document.querySelector('#login-error').textContent")), "a wrong PIN is refused");

            c.js("document.querySelector('#login-pin').value = '3333'; document.querySelector('#login-go').click();");
            waitFor(() -> "online".equals(c.js("return document.body.dataset.connection"))
                    && Boolean.FALSE.equals(c.js("return document.body.classList.contains('needs-login')")), "logged in and online");
            waitFor(() -> "monitor".equals(c.js("return document.body.dataset.role")), "the role is applied");
            assertEquals(List.of("Sends: Mon 2"), c.js("return [...document.querySelectorAll('#sends option')].map(o => o.textContent)"),
                    "a monitor chooses only among its own buses");
            assertEquals(Boolean.TRUE, c.js("return document.body.classList.contains('sends-mode')"));
            assertEquals("none", c.js("return getComputedStyle(document.querySelector('#tab-main')).display"), "no main view");
            assertEquals("hidden", c.js("return getComputedStyle(document.querySelector('[data-strip=\"ch/1\"] .toggle.solo')).visibility"),
                    "a monitor has no channel solo (the server would refuse it)");
            assertEquals("hidden", c.js("return getComputedStyle(document.querySelector('[data-strip=\"ch/1\"] .select')).visibility"),
                    "a monitor cannot open a channel's detail (trim, EQ, dynamics)");
            assertEquals("visible", c.js("return getComputedStyle(document.querySelector('[data-strip=\"ch/1\"] .toggle.mute')).visibility"),
                    "the send on/off button stays");

            c.driver.navigate().refresh();
            waitFor(() -> "online".equals(c.js("return document.body.dataset.connection")), "a reload stays logged in (stored token)");
            assertEquals(Boolean.FALSE, c.js("return document.body.classList.contains('needs-login')"));

            c.js("document.querySelector('#logout').click();");
            waitFor(() -> Boolean.TRUE.equals(c.js("return document.body.classList.contains('needs-login')")), "log out shows the PIN screen again");
            assertEquals(null, c.js("return localStorage.getItem('jackdesk.token')"), "the token is forgotten");
            assertEquals(List.of(), c.severeConsole(), "no console errors");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
