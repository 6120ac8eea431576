package org.jackdesk.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.jackdesk.config.ConfigException;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;
import org.jackdesk.config.SecurityJson;
import org.jackdesk.config.StripLabels;
import org.jackdesk.config.show.FaderLayers;
import org.jackdesk.config.show.Scene;
import org.jackdesk.config.show.SceneException;
import org.jackdesk.config.show.SceneManager;
import org.jackdesk.config.show.Sections;
import org.jackdesk.config.show.Show;
import org.jackdesk.config.show.ShowJson;
import org.jackdesk.config.store.ShowStore;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.scene.LiveShow;
import org.jackdesk.control.scene.SceneApi;
import org.jackdesk.control.security.PasswordHasher;

/**
 * A property test of show files (issue 14.1, docs/shows.md "What the console writes, it reads"):
 * drives a console through long random sequences of what its surfaces offer, and after every
 * step checks that the show as the console would save it loads again and equals the live state.
 *
 * <p>The operations go through the objects the surfaces call: parameter sets and nudges through
 * {@link ConsoleState} as a WebSocket session does (the address and value parsed by the
 * registry), every {@code scene.*} operation through {@link SceneApi#run} with JSON arguments as
 * over WebSocket and REST, a show import through {@link LiveShow#importShow} ({@code PUT
 * /api/show}), a scene import through {@link ShowJson#readScene} and {@link SceneManager#add}
 * ({@code POST /api/scenes/import}), the channel library's {@code library.*} operations through
 * {@code LibraryApi.run} and library files exported and imported through {@code LibraryJson},
 * glides by advancing the clock, user changes as {@code jackdesk
 * user add/remove} make them (the configuration checked as start-up checks it) followed by a
 * restart, and restarts through the real files ({@link ShowStore#save}, {@link
 * ShowStore#loadOrBackup}). Refused operations are part of the test: they must change nothing
 * that breaks the file.
 *
 * <p>Deterministic: sequence {@code i} of a run with seed {@code s} uses seed {@code s + i *
 * GOLDEN}, so a failure prints the one seed that replays it as sequence 0
 * ({@code ./jackdesk bench show-roundtrip --seed N --sequences 1 --operations M}).
 * Thread: one caller; starts no threads.
 */
public final class ShowRoundTrip {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** A precomputed hash: users come and go thousands of times, PBKDF2 at full strength would dominate. */
    private static final String HASH = PasswordHasher.hash("2468".toCharArray(), SecurityJson.MIN_ITERATIONS);

    /** @param dir where restarts write their show files (a sub-folder per sequence) */
    public record Options(long seed, int sequences, int operations, Path dir) {}

    /**
     * The first failure: the seed that replays it as sequence 0, the step (0-based) and the
     * operations up to and including it, and what was wrong.
     */
    public record Failure(long sequenceSeed, int sequence, int step, List<String> operations, String problem) {
        /** What a person needs to reproduce it. */
        public String describe(int operationsPerSequence) {
            StringBuilder sb = new StringBuilder();
            sb.append("show round trip failed in sequence ").append(sequence).append(" at step ").append(step)
                    .append(": ").append(problem).append('\n');
            sb.append("replay: ./jackdesk bench show-roundtrip --seed ").append(sequenceSeed).append(" --sequences 1 --operations ")
                    .append(operationsPerSequence).append('\n');
            sb.append("operations:\n");
            for (int i = 0; i < operations.size(); i++) sb.append(String.format(Locale.ROOT, "  %4d  %s%n", i, operations.get(i)));
            return sb.toString();
        }
    }

    /**
     * @param operations operations run in all (each followed by the check)
     * @param refused    operations a surface refused with an error (they must leave a loadable show)
     * @param counts     how often each kind of operation ran
     * @param failure    the first failure, or null when every check passed
     */
    public record Result(int sequences, long operations, long refused, Map<String, Integer> counts, Failure failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    private ShowRoundTrip() {}

    public static Result run(Options o) throws IOException {
        long ops = 0, refused = 0;
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < o.sequences(); i++) {
            long seed = o.seed() + i * GOLDEN;
            Sequence s = new Sequence(seed, Files.createDirectories(o.dir().resolve("seq-" + i)));
            Failure f = s.run(i, o.operations());
            ops += s.done;
            refused += s.refused;
            s.counts.forEach((k, v) -> counts.merge(k, v, Integer::sum));
            if (f != null) return new Result(i + 1, ops, refused, counts, f);
        }
        return new Result(o.sequences(), ops, refused, counts, null);
    }

    /** A check failed. */
    private static final class Broken extends Exception {
        private static final long serialVersionUID = 1L;

        Broken(String message) {
            super(message, null, false, false);
        }
    }

    /** One console and its random walk. */
    private static final class Sequence {
        final long seed;
        final SplittableRandom rnd;
        final Path dir;
        final List<String> log = new ArrayList<>();
        final Map<String, Integer> counts = new TreeMap<>();
        final List<String> exportedShows = new ArrayList<>();
        final List<String> exportedScenes = new ArrayList<>();
        /** Library files exported ({@code GET /api/library}), kept for later imports. */
        final List<String> exportedLibraries = new ArrayList<>();
        /** The parameter service the channel library's loads write through (as the server's). */
        org.jackdesk.control.ParameterService params;
        /** How many channel-library operations ran: which kind is next. */
        int libraryCalls;
        final List<BooleanSupplier> glides = new ArrayList<>();
        final List<String> selectors = new ArrayList<>();
        final String foreignShow;
        long clockMs;
        int done;
        int refused;
        ObjectNode configTree;
        ConsoleConfig config;
        ParamRegistry registry;
        ConsoleState state;
        SceneManager manager;
        SceneApi api;
        /** The strips' names and colours, as the console keeps them beside the state (saved in the show's configuration). */
        StripLabels labels;
        /** The custom fader layers, as the console keeps them beside the state (saved in the show). */
        FaderLayers layers;

        Sequence(long seed, Path dir) {
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
            // The library's turn starts where the seed says: a sequence makes about two library calls,
            // and starting every one at turn 0 reached the delete and the import (turns 5 and 6) almost
            // never once the layers took their share of the steps (a fresh-clone run: import 0 times).
            // From the seed, not shared: a seed still replays its sequence exactly.
            this.libraryCalls = (int) Math.floorMod(seed ^ (seed >>> 29), 6L);
            this.dir = dir;
            try {
                configTree = layout(rnd);
                config = ConfigJson.read("generated.json", ConfigJson.MAPPER.writeValueAsString(configTree));
                // A show for a console of another shape: importing it must be refused.
                ObjectNode other = configTree.deepCopy();
                ((ArrayNode) other.get("layout").get("channels")).addObject().put("name", "Extra").put("stereo", true);
                ConsoleConfig oc = ConfigJson.read("other.json", ConfigJson.MAPPER.writeValueAsString(other));
                SceneManager om = new SceneManager(new ConsoleState(ParamRegistry.forLayout(oc.toLayout())), () -> 0, t -> {});
                foreignShow = ShowJson.write(om.toShow(oc));
            } catch (IOException | ConfigException e) {
                throw new IllegalStateException("generated configuration refused: " + e.getMessage(), e);
            }
            start(null);
        }

        /** Builds the console like StartCommand: the configuration's values, then the show's. */
        void start(Show show) {
            registry = ParamRegistry.forLayout(config.toLayout());
            state = new ConsoleState(registry);
            for (Map.Entry<String, Object> v : config.values().entrySet()) {
                try {
                    state.set(v.getKey(), v.getValue(), "config");
                } catch (ParamException e) {
                    throw new IllegalStateException(e);
                }
            }
            glides.clear();
            // As Console: the configuration's names, then the show's (what the tablets renamed).
            labels = new StripLabels(config.layout());
            if (show != null) labels.load(show.config().layout());
            layers = new FaderLayers(registry.layout());
            if (show != null) layers.load(show.layers());
            manager = new SceneManager(state, () -> clockMs, glides::add);
            api = new SceneApi(manager);
            params = new org.jackdesk.control.ParameterService(state, null, org.jackdesk.control.ParameterService.Limits.perClientOnly(1_000_000));
            if (show != null) {
                try {
                    manager.load(show);
                } catch (SceneException e) {
                    throw new IllegalStateException(e);
                }
            }
            selectors.clear();
            int ch = registry.layout().channels().size(), bus = registry.layout().buses().size();
            selectors.addAll(Sections.ALL);
            selectors.addAll(List.of("all", "ch", "main", "monitor", "dca/1..2", "mutegroup/3", "ch/1", "ch/" + ch, "ch/1.." + ch,
                    "ch/1/eq", "ch/fader", "main/mute", "ch/" + (ch + 1), "nope", "ch/2..1"));
            if (bus > 0) selectors.addAll(List.of("bus", "bus/1", "bus/1.." + bus, "bus/fader", "bus/" + bus + "/sends"));
        }

        Failure run(int index, int operations) {
            for (int step = 0; step < operations; step++) {
                String op;
                try {
                    op = step();
                } catch (RuntimeException e) {
                    return new Failure(seed, index, step, log, "the operation threw " + e);
                }
                done++;
                try {
                    check();
                } catch (Broken e) {
                    return new Failure(seed, index, step, log, e.getMessage());
                } catch (ConfigException e) {
                    return new Failure(seed, index, step, log, "the show the console wrote does not load:\n" + e.getMessage());
                } catch (RuntimeException | SceneException | IOException e) {
                    return new Failure(seed, index, step, log, "checking threw " + e);
                }
                counts.merge(op, 1, Integer::sum);
            }
            return null;
        }

        /** Runs one random operation; returns its kind. */
        String step() {
            int w = rnd.nextInt(100);
            if (w < 22) return set();
            if (w < 32) return nudge();
            if (w < 39) return scene("scene.save", new JsonObject().put("name", name()).put("scope", scope()).put("fadeMs", fade()));
            if (w < 42) return scene("scene.update", new JsonObject().put("scene", sceneId()));
            if (w < 45) return scene("scene.rename", new JsonObject().put("scene", sceneId()).put("name", name()));
            if (w < 48) return scene("scene.move", new JsonObject().put("scene", sceneId()).put("index", rnd.nextInt(-1, 6)));
            if (w < 53) return scene("scene.delete", new JsonObject().put("scene", sceneId()));
            if (w < 59) return scene("scene.recall", new JsonObject().put("scene", sceneId()).put("fadeMs", rnd.nextBoolean() ? null : fade()));
            if (w < 62) return scene("scene.undo", new JsonObject());
            if (w < 70) return scene("scene.go", new JsonObject());
            if (w < 74) return scene("scene.back", new JsonObject());
            if (w < 76) return scene("scene.goto", new JsonObject().put("index", rnd.nextInt(-1, 6)));
            if (w < 79) return scene("scene.safes", new JsonObject().put("safes", rnd.nextInt(3) == 0 ? new JsonArray() : scope()));
            if (w < 83) return scene("scene.cues", new JsonObject().put("cues", cues()));
            if (w < 87) return passTime();
            if (w < 89) return export();
            if (w < 91) return importShow();
            if (w < 93) return importScene();
            if (w < 95) return userChange();
            if (w < 96) return label();
            if (w < 97) return library();
            if (w < 98) return layer();
            return restart(); // real files and fsyncs: the slowest step, so the rarest
        }

        String set() {
            Param p = param();
            Object external = external(p);
            log.add("set " + p.path() + " " + render(external));
            try {
                state.set(p, p.parse(external), "tablet"); // as SessionHandler: the registry parses, the state applies
            } catch (ParamException e) {
                refused++;
            }
            return "set";
        }

        /** A rename or recolour as a tablet sends it ({@code label}, {@code PUT /api/labels/...}): some refused. */
        String label() {
            int ch = registry.layout().channels().size(), bus = registry.layout().buses().size();
            String target = switch (rnd.nextInt(4)) {
                case 0 -> "ch/" + rnd.nextInt(0, ch + 2);
                case 1 -> "bus/" + rnd.nextInt(0, bus + 2);
                case 2 -> "dca/" + rnd.nextInt(0, 10);
                default -> rnd.nextBoolean() ? "main" : "ch/" + ch;
            };
            String name = rnd.nextInt(3) == 0 ? null : rnd.nextInt(8) == 0 ? List.of(" ", "x".repeat(25), "Kick\nIn").get(rnd.nextInt(3))
                    : List.of("Kick In", "Sn\u00e5re", "Vox \"lead\"", "Wedge 2", "x".repeat(24)).get(rnd.nextInt(5));
            String colour = name != null && rnd.nextBoolean() ? null : rnd.nextInt(8) == 0 ? List.of("redd", "#12a59", "").get(rnd.nextInt(3))
                    : rnd.nextInt(4) == 0 ? String.format(Locale.ROOT, "#%06x", rnd.nextInt(1 << 24))
                    : ConsoleConfig.COLOURS.get(rnd.nextInt(ConsoleConfig.COLOURS.size()));
            log.add("label " + target + " name=" + (name == null ? "-" : render(name)) + " colour=" + (colour == null ? "-" : render(colour)));
            try {
                labels.set(target, name, colour);
            } catch (StripLabels.LabelException e) {
                refused++;
            }
            return "label";
        }

        /**
         * The channel library as a tablet drives it ({@code library.*} through LibraryApi, with the
         * server's parameter service): save from a channel, load onto channels, rename, delete, and a
         * library file exported and imported again; some refused (bad names, sections, channels).
         */
        String library() {
            int ch = registry.layout().channels().size();
            List<String> names = manager.library().presets().stream().map(org.jackdesk.config.show.Preset::name).toList();
            java.util.function.Supplier<String> name = () -> !names.isEmpty() && rnd.nextBoolean() ? names.get(rnd.nextInt(names.size()))
                    : rnd.nextInt(8) == 0 ? List.of(" ", "x".repeat(49), "Vox\nLead").get(rnd.nextInt(3))
                    : List.of("Lead vox", "Kick \"in\"", "Sn\u00e5re", "x".repeat(48)).get(rnd.nextInt(4));
            JsonObject args = new JsonObject().put("name", name.get());
            String op;
            // The kind in turn, not drawn: the sequences of a run are one random stream shifted (GOLDEN is
            // SplittableRandom's own gamma), so a draw right after step()'s would pick the same few kinds every time.
            switch (libraryCalls++ % 6) {
                case 0, 3 -> {
                    op = "library.save";
                    JsonArray secs = new JsonArray();
                    if (rnd.nextInt(6) == 0) secs.add("all");
                    else for (String sec : Sections.CHANNEL_PROCESSING) if (rnd.nextBoolean()) secs.add(sec);
                    if (rnd.nextInt(10) == 0) secs.add("eqq");
                    args.put("from", rnd.nextInt(0, ch + 2)).put("sections", secs).put("replace", rnd.nextBoolean());
                }
                case 1 -> {
                    op = "library.load";
                    args.put("to", new JsonArray().add(rnd.nextInt(1, ch + 1)).add(rnd.nextInt(0, ch + 2)));
                }
                case 2 -> {
                    op = "library.rename";
                    args.put("newName", name.get());
                }
                case 4 -> op = "library.delete";
                default -> {
                    exportedLibraries.add(org.jackdesk.config.show.LibraryJson.write(manager.library().presets()));
                    int which = rnd.nextInt(exportedLibraries.size());
                    boolean replace = rnd.nextBoolean();
                    log.add("export library #" + (exportedLibraries.size() - 1) + ", import library #" + which + (replace ? " replacing" : ""));
                    try {
                        manager.library().addAll(org.jackdesk.config.show.LibraryJson.read("library file", exportedLibraries.get(which), registry), replace);
                    } catch (ConfigException e) {
                        throw new IllegalStateException("the console refused its own library export: " + e.getMessage(), e);
                    } catch (SceneException e) {
                        refused++; // a name the library holds, without replace
                    }
                    return "library.import";
                }
            }
            log.add(op + " " + args.encode());
            try {
                org.jackdesk.control.LibraryApi.run(params, manager.library(), org.jackdesk.control.security.Principal.ANYONE, op, args, "tablet");
            } catch (ProtocolError e) {
                refused++;
            }
            return op;
        }

        /** A fader layer defined, replaced, moved or deleted as a tablet does it ({@code layer.*}): some refused. */
        String layer() {
            int ch = registry.layout().channels().size(), bus = registry.layout().buses().size(), fx = registry.layout().fx();
            List<FaderLayers.Layer> now = layers.list();
            Integer id = null; // a new layer
            if (!now.isEmpty() && rnd.nextInt(3) != 0) id = now.get(rnd.nextInt(now.size())).id();
            else if (rnd.nextInt(6) == 0) id = rnd.nextInt(1, 40); // mostly a layer that is not there
            int what = rnd.nextInt(10);
            try {
                if (what < 6) {
                    List<String> strips = new ArrayList<>();
                    for (int i = rnd.nextInt(0, 9); i > 0; i--) {
                        strips.add(switch (rnd.nextInt(5)) {
                            case 0 -> "bus/" + rnd.nextInt(1, bus + 2);
                            case 1 -> "fxret/" + rnd.nextInt(1, fx + 2);
                            case 2 -> "dca/" + rnd.nextInt(1, 10);
                            default -> rnd.nextInt(40) == 0 ? "main" : "ch/" + rnd.nextInt(1, ch + 2);
                        });
                    }
                    String name = rnd.nextInt(10) == 0 ? List.of(" ", "x".repeat(25), "Vox\nLead").get(rnd.nextInt(3))
                            : List.of("Vocals", "Drums", "Band \"B\"", "Sn\u00e5re", "x".repeat(24)).get(rnd.nextInt(5));
                    log.add("layer.save " + (id == null ? "new" : id) + " " + render(name) + " " + strips);
                    layers.save(id, name, strips);
                } else if (what < 8) {
                    log.add("layer.delete " + id);
                    layers.delete(id == null ? 0 : id);
                } else {
                    int to = rnd.nextInt(-1, now.size() + 1);
                    log.add("layer.move " + id + " to " + to);
                    layers.move(id == null ? 0 : id, to);
                }
            } catch (FaderLayers.LayerException e) {
                refused++;
            }
            return "layer";
        }

        /** The show as the console saves it: values, scenes, the configuration with the current names and colours, the layers. */
        Show live() {
            return manager.toShow(labels.applyTo(config)).withLayers(layers.list());
        }

        String nudge() {
            Param p = param();
            double range = Double.isFinite(p.max() - p.min()) ? p.max() - p.min() : 100;
            double delta = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? 1e6 : -1e6) : (rnd.nextDouble() - 0.5) * range * 0.2;
            log.add("nudge " + p.path() + " " + delta);
            state.nudge(p, delta, "tablet");
            return "nudge";
        }

        String scene(String op, JsonObject args) {
            log.add(op + " " + args.encode());
            String kind = op.equals("scene.go") || op.equals("scene.back") || op.equals("scene.goto")
                    ? op + (manager.cues().isEmpty() ? " (no cue list)" : " (cue list)") : op;
            try {
                api.run(op, args);
            } catch (ProtocolError e) {
                refused++;
            }
            return kind;
        }

        String passTime() {
            long ms = rnd.nextInt(4) == 0 ? 5000 : rnd.nextInt(1, 400);
            log.add("wait " + ms + " ms (glides tick every " + LiveShow.TICK_MS + " ms)");
            long end = clockMs + ms;
            while (clockMs + LiveShow.TICK_MS <= end && !glides.isEmpty()) {
                clockMs += LiveShow.TICK_MS;
                glides.removeIf(g -> !g.getAsBoolean());
            }
            clockMs = end;
            return "wait";
        }

        /** GET /api/show and GET /api/scenes/{id}/export: kept for later imports. */
        String export() {
            exportedShows.add(ShowJson.write(live()));
            List<Scene> scenes = manager.scenes();
            if (!scenes.isEmpty()) exportedScenes.add(ShowJson.writeScene(scenes.get(rnd.nextInt(scenes.size()))));
            log.add("export show #" + (exportedShows.size() - 1) + (scenes.isEmpty() ? "" : " and scene #" + (exportedScenes.size() - 1)));
            return "export";
        }

        String importShow() {
            boolean foreign = exportedShows.isEmpty() || rnd.nextInt(5) == 0;
            int which = foreign ? -1 : rnd.nextInt(exportedShows.size());
            log.add("import show " + (foreign ? "of another console (must be refused)" : "#" + which));
            try {
                Show imported = LiveShow.importShow(manager, registry.layout(), foreign ? foreignShow : exportedShows.get(which));
                labels.load(imported.config().layout()); // as SceneRest: the show's names come with it
                layers.load(imported.layers()); // and its fader layers
                if (foreign) throw new IllegalStateException("a show for another layout was imported");
            } catch (ConfigException | ProtocolError | SceneException e) {
                if (!foreign) throw new IllegalStateException("the console refused its own export: " + e.getMessage(), e);
                refused++;
            }
            return "import show";
        }

        String importScene() {
            if (exportedScenes.isEmpty()) return export();
            int which = rnd.nextInt(exportedScenes.size());
            log.add("import scene #" + which);
            try {
                manager.add(ShowJson.readScene("scene file", exportedScenes.get(which), registry));
            } catch (ConfigException | SceneException e) {
                throw new IllegalStateException("the console refused its own scene export: " + e.getMessage(), e);
            }
            return "import scene";
        }

        /**
         * {@code jackdesk user add|remove} on the configuration (refused when the result would not
         * load, as UserCommand refuses), then a restart with {@code --config}: users live in the
         * configuration, which the show saves.
         */
        String userChange() {
            ObjectNode tree = configTree.deepCopy();
            ArrayNode users = tree.withArray("users");
            int w = rnd.nextInt(4);
            String what;
            if (w == 0 && !users.isEmpty()) {
                int i = rnd.nextInt(users.size());
                what = "user remove " + users.get(i).get("name").asText();
                users.remove(i);
            } else if (w == 1 && !users.isEmpty()) {
                String u = users.get(rnd.nextInt(users.size())).get("name").asText();
                what = "oscUser " + u;
                (tree.has("server") ? (ObjectNode) tree.get("server") : tree.putObject("server")).put("oscUser", u);
            } else {
                String name = "u" + rnd.nextInt(6);
                String role = SecurityJson.ROLES.get(rnd.nextInt(SecurityJson.ROLES.size()));
                ObjectNode u = null;
                for (int i = 0; i < users.size(); i++) if (users.get(i).get("name").asText().equals(name)) u = (ObjectNode) users.get(i);
                if (u == null) u = users.addObject();
                u.put("name", name).put("role", role).remove("buses");
                if (role.equals("monitor")) u.putArray("buses").add(rnd.nextInt(1, 4));
                u.put("hash", HASH);
                what = "user add " + name + " --role " + role + (u.has("buses") ? " --buses " + u.get("buses").get(0) : "") + " --replace";
            }
            log.add(what + ", then restart with --config");
            ConsoleConfig changed;
            try {
                changed = ConfigJson.read("config.json", ConfigJson.MAPPER.writeValueAsString(tree));
            } catch (ConfigException e) {
                refused++; // the command says why and writes nothing
                return "user";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Show saved = live();
            configTree = tree;
            config = changed;
            // StartCommand with --config: the layouts match, the show's scenes and values (and, as Console, its strip
            // names and colours) load into the new configuration.
            start(saved);
            return "user";
        }

        /** Stop (the last save) and start again from the files, as {@code ./jackdesk start} does. */
        String restart() {
            log.add("restart");
            Path file = dir.resolve("show.json");
            try {
                ShowStore.save(file, live());
                ShowStore.Loaded loaded = ShowStore.loadOrBackup(file);
                if (!loaded.from().equals(file) || !loaded.warnings().isEmpty()) {
                    throw new IllegalStateException("the restart did not load the file as saved: " + loaded.from() + " " + loaded.warnings());
                }
                Show before = live();
                double[] values = state.copyValues();
                // Live switches (osc/on) are never stored: the restarted console has them off.
                for (Param p : registry.all()) if (p.def().live()) values[p.slot()] = p.defaultValue();
                start(loaded.show());
                if (!live().equals(before) || !Arrays.equals(values, state.copyValues())) {
                    throw new IllegalStateException("the restarted console differs from the one that stopped");
                }
            } catch (IOException | ConfigException e) {
                throw new IllegalStateException("restart failed: " + e.getMessage(), e);
            }
            return "restart";
        }

        /** The show as saved loads again (strictly: nothing to repair) and equals the live state. */
        void check() throws Broken, ConfigException, SceneException, IOException {
            Show live = live();
            String text = ShowJson.write(live);
            Show back = ShowJson.read("show.json", text); // strict: a show that would need a repair at start-up throws
            if (!back.equals(live)) throw new Broken("the show read back differs from the live one: " + difference(live, back));
            SceneManager fresh = new SceneManager(new ConsoleState(registry), () -> clockMs, t -> {});
            fresh.load(back);
            // Live switches (osc/on) are never stored and load off: the loaded console is the live one with them off.
            double[] expected = state.copyValues();
            for (Param p : registry.all()) if (p.def().live()) expected[p.slot()] = p.defaultValue();
            if (!Arrays.equals(fresh.state().copyValues(), expected)) throw new Broken("the loaded values differ from the live ones");
            if (fresh.cueIndex() != manager.cueIndex()) {
                throw new Broken("the cue position loads as " + fresh.cueIndex() + ", live it is " + manager.cueIndex());
            }
            StripLabels freshLabels = new StripLabels(config.layout());
            if (!freshLabels.load(back.config().layout())) throw new Broken("the show's names do not fit its own console");
            FaderLayers freshLayers = new FaderLayers(registry.layout());
            freshLayers.load(back.layers());
            Show again = fresh.toShow(freshLabels.applyTo(config)).withLayers(freshLayers.list());
            if (!again.equals(live)) throw new Broken("the loaded console differs from the live one: " + difference(live, again));
            if (!ShowJson.write(again).equals(text)) throw new Broken("saving the loaded show does not give the same file");
        }

        static String difference(Show a, Show b) {
            if (!a.config().equals(b.config())) return "config " + a.config() + " vs " + b.config();
            if (!a.values().equals(b.values())) {
                for (String k : a.values().keySet()) {
                    if (!a.values().get(k).equals(b.values().get(k))) return "values." + k + " " + a.values().get(k) + " vs " + b.values().get(k);
                }
                return "values (keys)";
            }
            if (!a.scenes().equals(b.scenes())) return "scenes " + a.scenes().size() + " vs " + b.scenes().size();
            if (!a.cues().equals(b.cues())) return "cues " + a.cues() + " vs " + b.cues();
            if (!a.safes().equals(b.safes())) return "safes " + a.safes() + " vs " + b.safes();
            if (!a.library().equals(b.library())) return "library " + a.library() + " vs " + b.library();
            if (!a.layers().equals(b.layers())) return "layers " + a.layers() + " vs " + b.layers();
            return "currentCue " + a.currentCue() + " vs " + b.currentCue();
        }

        Param param() {
            return registry.get(rnd.nextInt(registry.size()));
        }

        /** A value as a client sends it: mostly in range, sometimes an edge, sometimes out of range (refused). */
        Object external(Param p) {
            int k = rnd.nextInt(20);
            if (p.type() == ParamType.BOOL) return k == 0 ? "maybe" : rnd.nextBoolean();
            if (p.type() == ParamType.ENUM) {
                List<String> e = p.def().enumValues();
                return k == 0 ? "nonsense" : e.get(rnd.nextInt(e.size()));
            }
            if (k == 0) return p.max() + 1;
            if (k == 1) return p.min();
            if (k == 2) return p.max();
            if (k == 3) return p.defaultValue();
            if (k == 4 && p.def().minIsOff()) return "-inf";
            return p.def().taper().fromNormalized(rnd.nextDouble(), p.min(), p.max());
        }

        static String render(Object v) {
            return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
        }

        String name() {
            int k = rnd.nextInt(30);
            if (k == 0) return " ";
            if (k == 1) return "x".repeat(Scene.MAX_NAME + 1);
            return List.of("Verse", "Chorus", "Bridge", "Act 1", "Sc\u00e8ne 2", "Intro \"loud\"").get(rnd.nextInt(6)) + " " + rnd.nextInt(10);
        }

        JsonArray scope() {
            JsonArray a = new JsonArray();
            int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 3);
            for (int i = 0; i < n; i++) a.add(selectors.get(rnd.nextInt(selectors.size())));
            return a;
        }

        Long fade() {
            int k = rnd.nextInt(10);
            if (k < 5) return 0L;
            if (k == 9) return Scene.MAX_FADE_MS + 1;
            return (long) rnd.nextInt(1, 2000);
        }

        /** A scene that exists (mostly) or one that does not. */
        int sceneId() {
            List<Scene> s = manager.scenes();
            if (s.isEmpty() || rnd.nextInt(10) == 0) return rnd.nextInt(1, 50);
            return s.get(rnd.nextInt(s.size())).id();
        }

        JsonArray cues() {
            JsonArray a = new JsonArray();
            int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 5);
            for (int i = 0; i < n; i++) {
                JsonObject c = new JsonObject().put("scene", sceneId());
                if (rnd.nextBoolean()) c.put("fadeMs", fade());
                if (rnd.nextBoolean()) c.put("label", "cue " + i);
                a.add(c);
            }
            return a;
        }

        /** A small console: 1-4 channels (some stereo), 0-2 buses; what breaks files is the sequence, not the size. */
        static ObjectNode layout(SplittableRandom rnd) {
            ObjectNode o = ConfigJson.MAPPER.createObjectNode();
            o.put("version", ConsoleConfig.VERSION);
            ObjectNode l = o.putObject("layout");
            ArrayNode ch = l.putArray("channels");
            int n = rnd.nextInt(1, 5);
            for (int i = 0; i < n; i++) ch.addObject().put("name", "Ch " + (i + 1)).put("stereo", rnd.nextInt(4) == 0);
            ArrayNode bus = l.putArray("buses");
            int b = rnd.nextInt(3);
            for (int i = 0; i < b; i++) bus.addObject().put("name", "Mon " + (i + 1)).put("stereo", rnd.nextInt(3) == 0);
            if (rnd.nextBoolean()) o.putObject("values").put("main/fader", -5.0);
            return o;
        }
    }
}
