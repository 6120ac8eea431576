package org.jackdesk.config.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.show.SceneManager;

/**
 * A console process for {@link AutosaveKillTest}: loads the show (or starts from the default
 * configuration), autosaves with real threads, and obeys stdin: {@code set PATH VALUE},
 * {@code get PATH}. Prints {@code saved N} after each save that holds N changes.
 */
public final class AutosaveChild {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ShowStore.Loaded loaded = ShowStore.loadOrBackup(file);
        ConsoleConfig cfg = loaded == null ? ConfigJson.builtinDefault() : loaded.show().config();
        ConsoleState state = new ConsoleState(ParamRegistry.forLayout(cfg.toLayout()));
        SceneManager m = new SceneManager(state, System::currentTimeMillis, t -> {});
        if (loaded != null) m.load(loaded.show());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Autosaver saver = new Autosaver(file, () -> m.toShow(cfg), Executors.newSingleThreadExecutor(),
                (ms, r) -> timer.schedule(r, ms, TimeUnit.MILLISECONDS), System::currentTimeMillis, new Autosaver.Status() {
                    @Override public void saveFailed(Path f, IOException cause, String message) { say("failed " + message); }
                    @Override public void saveRecovered(Path f) {}
                    @Override public void saved(Path f, long n) { say("saved " + n); }
                });
        state.addListener((p, v, o) -> saver.changed());
        say("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split(" ");
            try {
                if (w[0].equals("set")) {
                    state.set(w[1], w[2], "child");
                    say("ok");
                } else if (w[0].equals("get")) {
                    say("value " + state.snapshot(w[1]).get(w[1]));
                }
            } catch (Exception e) {
                say("error " + e.getMessage());
            }
        }
    }

    private static synchronized void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
