package org.jackdesk.bench;

import org.jackdesk.control.cli.RawWs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The garbage fault of a {@link ChaosRun}: malformed messages, frames and requests against the console. */
final class ChaosGarbage {
    private ChaosGarbage() {}

    /** Malformed frames and messages: each answered with an error, nothing changes, the connection stays. */
    static void send(ChaosRun run) {
        Map<String, Object> before = run.state.snapshot();
        List<String> texts = List.of("{", "null", "[]", "\"set\"", "{\"op\":\"explode\"}", "{\"op\":\"set\"}",
                "{\"op\":\"set\",\"path\":\"ch/999/fader\",\"value\":0}", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":\"NaN\"}",
                "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":1e400}", "{\"op\":\"set\",\"path\":\"ch/1/fader\",\"value\":true}",
                "{\"op\":\"nudge\",\"path\":\"ch/1/fader\",\"delta\":\"x\"}", "{\"op\":\"subscribe\",\"meters\":[\"nope\"],\"fps\":1e9}",
                "{\"op\":\"scene.recall\",\"name\":\"../../etc/passwd\"}", "{\"op\":\"get\",\"path\":\"ch/\\u0000/fader\"}");
        try (RawWs g = RawWs.connect(run.port, 0)) {
            g.await("snapshot");
            List<byte[]> frames = new ArrayList<>();
            List<Integer> opcodes = new ArrayList<>();
            for (String t : texts) {
                frames.add(t.getBytes(StandardCharsets.UTF_8));
                opcodes.add(0x1);
            }
            byte[] noise = new byte[200 + run.random.nextInt(2000)];
            run.random.nextBytes(noise);
            frames.add(noise); // binary: refused
            opcodes.add(0x2);
            byte[] big = new byte[70_000]; // over the 64 KiB message limit
            java.util.Arrays.fill(big, (byte) ' ');
            frames.add(big);
            opcodes.add(0x1);
            for (int i = 0; i < frames.size(); i++) {
                // Each garbage message, then a ping: an error must come before the pong.
                g.sendFrame(opcodes.get(i), frames.get(i));
                g.sendText("{\"op\":\"ping\",\"id\":\"g" + i + "\"}");
                boolean error = false;
                while (true) {
                    RawWs.Frame f = g.read();
                    if (!f.isText()) continue;
                    JsonObject m = f.json();
                    if ("error".equals(m.getString("op"))) error = true;
                    if ("pong".equals(m.getString("op")) && ("g" + i).equals(m.getValue("id"))) break;
                }
                String shown = opcodes.get(i) == 0x2 ? "(binary noise)" : frames.get(i).length > 200 ? "(70 000 spaces)"
                        : new String(frames.get(i), StandardCharsets.UTF_8);
                run.check(error, "garbage gets an error and the connection stays: " + shown);
            }
            run.count("garbage messages", frames.size());
        } catch (IOException e) {
            run.fail("garbage messages: " + e);
        }
        // Garbage below the WebSocket layer: random bytes as a frame stream, and as an HTTP request.
        try (RawWs g = RawWs.connect(run.port, 0)) {
            byte[] noise = new byte[64 + run.random.nextInt(4096)];
            run.random.nextBytes(noise);
            g.sendRaw(noise);
            run.count("garbage frame streams");
        } catch (IOException e) {
            run.count("garbage frame streams"); // the server may hang up mid-write: that is a fine answer
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", run.port), 3000);
            byte[] noise = new byte[64 + run.random.nextInt(4096)];
            run.random.nextBytes(noise);
            s.getOutputStream().write(noise);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            run.count("garbage HTTP requests");
        } catch (IOException e) {
            run.count("garbage HTTP requests");
        }
        run.check(before.equals(run.state.snapshot()), "garbage changes nothing in the console");
    }
}
