package org.jackdesk.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.security.SecurityOptions;
import org.jackdesk.engine.host.EngineHost;
import org.jackdesk.engine.host.ThreadingPolicy;

/**
 * A real console ({@link Console}, the composition root) with the shipped default configuration
 * and a show file, on the internal clock and a free loopback port without OSC or security: for the
 * tests of what a show keeps (autosaved, exported, imported, back after a restart). Thread: the test's.
 */
final class ShowFileConsole {
    private ShowFileConsole() {}

    /** Starts a console as JACK client {@code clientName}, with {@code show} (null: none yet) kept in {@code file}. */
    static Console start(String clientName, ShowStore.Loaded show, Path file) throws Exception {
        return Console.start(new Console.Options(ConfigJson.builtinDefault(), show, List.of(), file, false,
                new EngineHost.Options(clientName, null, false, true, false, 48000, 64, List.of()), ThreadingPolicy.Workers.OFF,
                ServerOptions.loopbackEphemeral().withPorts(0, ServerOptions.NO_OSC), SecurityOptions.open(), line -> { }));
    }

    /** {@code method path} on the console at {@code port} over HTTP/1.1 ({@code body} null: none), any status. */
    static HttpResponse<String> http(String method, int port, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
