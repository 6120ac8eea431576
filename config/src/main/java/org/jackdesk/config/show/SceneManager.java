package org.jackdesk.config.show;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jackdesk.config.ConsoleConfig;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Names;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.ParamType;

/**
 * Scenes, recall safes, undo and the cue list over one {@link ConsoleState}. Pure logic: it
 * starts no threads and never sleeps. A timed recall is a sequence of {@link ConsoleState} writes
 * (the engine ramps between them): switches and choices change at the start, continuous values
 * glide in their control position (fader law, log for frequencies) and land exactly on the
 * target when the time is up. The caller drives the glide through a {@link Ticker}.
 *
 * <p>Thread: methods are synchronized, so the control thread that operates it and the worker
 * that autosaves ({@link #toShow}) may both call it. Writes to the state carry the origin
 * {@link #ORIGIN}. A value someone else changes during a glide (a hand on a fader) leaves the
 * glide at once, as on a console with motor faders.
 */
public final class SceneManager {
    /** Origin of every write a recall, glide or undo makes. */
    public static final String ORIGIN = "scene";

    /** Runs {@code tick} periodically (e.g. every 20 ms) until it returns false. */
    @FunctionalInterface
    public interface Ticker {
        void start(BooleanSupplier tick);
    }

    /**
     * What a recall (or undo, go, back) did.
     *
     * @param scene      the scene recalled (for undo, the one undone)
     * @param cueIndex   the cue list position after the operation (-1 when none)
     * @param changed    parameters written or gliding
     * @param keptSafe   parameters the scene holds that a recall safe protected
     * @param notInLayout addresses the scene holds that this console does not have
     */
    public record RecallResult(Scene scene, int cueIndex, int changed, int keptSafe, List<String> notInLayout, long fadeMs) {}

    private final ConsoleState state;
    private final ParamRegistry registry;
    private final LongSupplier clockMs;
    private final Ticker ticker;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    /** The channel library, saved and loaded with the show (it has its own change listeners). */
    private final ChannelLibrary library;

    private final List<Scene> scenes = new ArrayList<>();
    private final List<Cue> cues = new ArrayList<>();
    private List<String> safeTexts = List.of();
    private List<Selector> safes = List.of();
    private int cueIndex = -1;
    private int nextId = 1;

    // Undo: the values before the last recall for the slots it wrote (NaN elsewhere).
    private double[] undoValues;
    private Scene undoScene;

    // The glide in progress.
    private final double[] fadeFrom;
    private final double[] fadeTo;
    private int[] fadeSlots = new int[0];
    private long fadeStartMs;
    private long fadeMs;
    private boolean fading;
    private int fadeGeneration;
    private final double[] writeBuf;
    /** Slots someone else wrote during the glide; written from state listeners (any thread). */
    private final Set<Integer> grabbed = ConcurrentHashMap.newKeySet();
    private volatile boolean watchGrabs;

    public SceneManager(ConsoleState state, LongSupplier clockMs, Ticker ticker) {
        this.state = state;
        this.registry = state.registry();
        this.clockMs = clockMs;
        this.ticker = ticker;
        this.library = new ChannelLibrary(registry);
        this.fadeFrom = new double[registry.size()];
        this.fadeTo = new double[registry.size()];
        this.writeBuf = new double[registry.size()];
        state.addListener((p, v, origin) -> {
            if (watchGrabs && !ORIGIN.equals(origin)) grabbed.add(p.slot());
        });
    }

    /** Called after any change to scenes, cues, safes or the cue position (autosave, broadcast). */
    public void addChangeListener(Runnable r) {
        changeListeners.add(r);
    }

    public void removeChangeListener(Runnable r) {
        changeListeners.remove(r);
    }

    private void changed() {
        for (Runnable r : changeListeners) r.run();
    }

    public ConsoleState state() {
        return state;
    }

    /** The show's channel library ({@link ChannelLibrary}): {@link #toShow} saves it, {@link #load} replaces it. */
    public ChannelLibrary library() {
        return library;
    }

    public synchronized List<Scene> scenes() {
        return List.copyOf(scenes);
    }

    public synchronized Scene scene(int id) throws SceneException {
        return scenes.get(indexOf(id));
    }

    /** Saves the current values within {@code scope} (empty: everything) as a new scene at the end of the list. */
    public synchronized Scene save(String name, List<String> scope, long fadeMs) throws SceneException {
        String n = checkName(name);
        List<Selector> sel = parseScope(scope);
        checkFade(fadeMs);
        Scene s = new Scene(nextId++, n, scope, fadeMs, capture(sel));
        scenes.add(s);
        changed();
        return s;
    }

    /** Overwrites a scene's values with the current ones, within its own scope. */
    public synchronized Scene update(int id) throws SceneException {
        int i = indexOf(id);
        Scene old = scenes.get(i);
        Scene s = old.withValues(capture(parseScope(old.scope())));
        scenes.set(i, s);
        changed();
        return s;
    }

    public synchronized Scene rename(int id, String name) throws SceneException {
        int i = indexOf(id);
        Scene s = scenes.get(i).withName(checkName(name));
        scenes.set(i, s);
        changed();
        return s;
    }

    /**
     * Deletes a scene and the cues that run it. With no cue list the position is in the scene
     * list, so deleting a scene at or before it moves the position back by one (GO then runs the
     * scene that followed the deleted one).
     */
    public synchronized void delete(int id) throws SceneException {
        int index = indexOf(id);
        scenes.remove(index);
        if (cues.isEmpty() && index <= cueIndex) cueIndex--;
        for (int i = cues.size() - 1; i >= 0; i--) {
            if (cues.get(i).sceneId() == id) {
                cues.remove(i);
                if (i <= cueIndex) cueIndex--;
            }
        }
        if (undoScene != null && undoScene.id() == id) {
            undoScene = null;
            undoValues = null;
        }
        changed();
    }

    /**
     * Moves a scene to position {@code newIndex} (0-based) of the list. With no cue list the
     * position follows the scene that last ran, so GO still runs the one after it.
     */
    public synchronized void move(int id, int newIndex) throws SceneException {
        int i = indexOf(id);
        if (newIndex < 0 || newIndex >= scenes.size()) {
            throw new SceneException(SceneException.BAD_INDEX, "position must be 0.." + (scenes.size() - 1) + " (got " + newIndex + ")");
        }
        Scene current = cues.isEmpty() && cueIndex >= 0 ? scenes.get(cueIndex) : null;
        scenes.add(newIndex, scenes.remove(i));
        if (current != null) cueIndex = scenes.indexOf(current);
        changed();
    }

    /** Imports a scene (from a file) as a new scene; its id is reassigned. Values are re-checked against this console. */
    public synchronized Scene add(Scene imported) throws SceneException {
        String n = checkName(imported.name());
        List<Selector> sel = parseScope(imported.scope());
        checkFade(imported.fadeMs());
        Map<String, Object> vals = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : imported.values().entrySet()) {
            try {
                Param p = registry.require(e.getKey());
                if (p.def().live() || p.def().setup()) continue; // a scene holds no links (console setup)
                if (!sel.isEmpty() && !Selector.any(sel, p)) continue;
                vals.put(p.path(), p.toExternal(p.parse(e.getValue())));
            } catch (ParamException ex) {
                throw new SceneException(ex.code(), "scene '" + n + "': " + ex.getMessage());
            }
        }
        Scene s = new Scene(nextId++, n, imported.scope(), imported.fadeMs(), vals);
        scenes.add(s);
        changed();
        return s;
    }

    public synchronized List<String> safes() {
        return safeTexts;
    }

    /** Marks strips/sections safe: a recall never changes them. An empty list clears every safe. */
    public synchronized void setSafes(List<String> selectors) throws SceneException {
        try {
            safes = Selector.parseAll(selectors, registry.layout());
        } catch (IllegalArgumentException e) {
            throw new SceneException(SceneException.BAD_SCOPE, "recall safe " + e.getMessage());
        }
        safeTexts = List.copyOf(selectors);
        changed();
    }

    public synchronized List<Cue> cues() {
        return List.copyOf(cues);
    }

    public synchronized int cueIndex() {
        return cueIndex;
    }

    /** Replaces the cue list; the position goes back before the first cue. */
    public synchronized void setCues(List<Cue> newCues) throws SceneException {
        for (Cue c : newCues) {
            indexOf(c.sceneId());
            if (c.fadeMs() >= 0) checkFade(c.fadeMs());
        }
        cues.clear();
        cues.addAll(newCues);
        cueIndex = -1;
        changed();
    }

    /**
     * Recalls a scene: every value it holds, except those a recall safe protects.
     *
     * @param fadeMs crossfade time; negative uses the scene's own
     */
    public synchronized RecallResult recall(int id, long fadeMs) throws SceneException {
        Scene s = scenes.get(indexOf(id));
        return run(s, fadeMs < 0 ? s.fadeMs() : fadeMs, cueIndex);
    }

    /** Runs the next cue (or, with no cue list, the next scene in list order). */
    public synchronized RecallResult go() throws SceneException {
        return goTo(cueIndex + 1);
    }

    /** Runs the previous cue. */
    public synchronized RecallResult back() throws SceneException {
        if (cueIndex <= 0) throw new SceneException(SceneException.END_OF_CUES, "already at the first cue");
        return goTo(cueIndex - 1);
    }

    /** Runs cue {@code index} (0-based) of the running order. */
    public synchronized RecallResult goTo(int index) throws SceneException {
        int size = runningOrderSize();
        if (size == 0) throw new SceneException(SceneException.END_OF_CUES, "there are no scenes to go to");
        if (index >= size) {
            throw new SceneException(SceneException.END_OF_CUES, "the last cue (" + size + ") has run; go back or pick a cue");
        }
        if (index < 0) throw new SceneException(SceneException.BAD_INDEX, "cue positions start at 0 (got " + index + ")");
        if (cues.isEmpty()) {
            Scene s = scenes.get(index);
            return run(s, s.fadeMs(), index);
        }
        Cue c = cues.get(index);
        Scene s = scenes.get(indexOf(c.sceneId()));
        return run(s, c.fadeMs() < 0 ? s.fadeMs() : c.fadeMs(), index);
    }

    /** How many steps GO walks: the cues, or with no cue list the scenes. */
    private int runningOrderSize() {
        return cues.isEmpty() ? scenes.size() : cues.size();
    }

    /** Puts back the values the last recall changed (instantly); a second undo has nothing to undo. */
    public synchronized RecallResult undo() throws SceneException {
        if (undoValues == null) throw new SceneException(SceneException.NOTHING_TO_UNDO, "there is no recall to undo");
        stopFade();
        double[] back = undoValues;
        Scene s = undoScene;
        undoValues = null;
        undoScene = null;
        int n = 0;
        for (double v : back) if (!Double.isNaN(v)) n++;
        state.applyAll(back, ORIGIN);
        changed(); // canUndo is now false: every client's UNDO button must know
        return new RecallResult(s, cueIndex, n, 0, List.of(), 0);
    }

    public synchronized boolean fading() {
        return fading;
    }

    /** True when there is a recall that {@link #undo()} would put back. */
    public synchronized boolean canUndo() {
        return undoValues != null;
    }

    /**
     * Advances the glide to the clock's time: one write per gliding value. Returns false when no
     * glide is running (it has reached its targets, was replaced, undone or there was none).
     */
    public synchronized boolean tick() {
        if (!fading) return false;
        long elapsed = clockMs.getAsLong() - fadeStartMs;
        boolean done = elapsed >= fadeMs;
        double f = done ? 1.0 : Math.max(0.0, (double) elapsed / fadeMs);
        Arrays.fill(writeBuf, Double.NaN);
        for (int slot : fadeSlots) {
            if (grabbed.contains(slot)) continue;
            writeBuf[slot] = done ? fadeTo[slot] : glide(registry.get(slot), fadeFrom[slot], fadeTo[slot], f);
        }
        state.applyAll(writeBuf, ORIGIN);
        if (done) stopFade();
        return !done;
    }

    /** A value between {@code from} and {@code to} at fraction {@code f}, moving evenly in control position. */
    static double glide(Param p, double from, double to, double f) {
        var taper = p.def().taper();
        double a = taper.toNormalized(from, p.min(), p.max());
        double b = taper.toNormalized(to, p.min(), p.max());
        return p.def().clamp(taper.fromNormalized(a + (b - a) * f, p.min(), p.max()));
    }

    /** The show as it stands (values, scenes, cues, safes, channel library) with {@code config}; for saving. */
    public synchronized Show toShow(ConsoleConfig config) {
        return new Show(config, stored(state.snapshot()), scenes, cues, safeTexts, cueIndex, library.presets());
    }

    /** Replaces scenes, cues, safes, the channel library and every value with a loaded show's (instantly; undo cleared). */
    public synchronized void load(Show show) throws SceneException {
        stopFade();
        List<Selector> newSafes;
        try {
            newSafes = Selector.parseAll(show.safes(), registry.layout());
        } catch (IllegalArgumentException e) {
            throw new SceneException(SceneException.BAD_SCOPE, "recall safe " + e.getMessage());
        }
        double[] vals = new double[registry.size()];
        Arrays.fill(vals, Double.NaN);
        for (Map.Entry<String, Object> e : show.values().entrySet()) {
            try {
                Param p = registry.require(e.getKey());
                vals[p.slot()] = p.parse(e.getValue());
            } catch (ParamException ex) {
                throw new SceneException(ex.code(), ex.getMessage());
            }
        }
        library.checkAll(show.library()); // refused before anything changes
        // Live switches (the oscillator) are off after a load, whatever the file says or the
        // console was doing: a show never starts with a tone into the PA.
        for (Param p : registry.all()) if (p.def().live()) vals[p.slot()] = p.defaultValue();
        int maxId = 0;
        for (Scene s : show.scenes()) maxId = Math.max(maxId, s.id());
        scenes.clear();
        scenes.addAll(show.scenes());
        cues.clear();
        cues.addAll(show.cues());
        safes = newSafes;
        safeTexts = show.safes();
        cueIndex = Math.max(-1, Math.min(show.currentCue(), runningOrderSize() - 1));
        nextId = maxId + 1;
        undoValues = null;
        undoScene = null;
        state.applyAll(vals, ORIGIN);
        library.replaceAll(show.library());
        changed();
    }

    private RecallResult run(Scene s, long fade, int newCueIndex) throws SceneException {
        checkFade(fade);
        stopFade();
        List<Selector> scope = parseScope(s.scope());
        double[] now = state.copyValues();
        double[] undo = new double[now.length];
        Arrays.fill(undo, Double.NaN);
        Arrays.fill(writeBuf, Double.NaN);
        List<String> missing = new ArrayList<>();
        List<Integer> glide = new ArrayList<>();
        int changed = 0;
        int safe = 0;
        double[] want = new double[now.length];
        Arrays.fill(want, Double.NaN);
        for (Map.Entry<String, Object> e : s.values().entrySet()) {
            Param p = registry.find(e.getKey());
            if (p == null) {
                missing.add(e.getKey());
                continue;
            }
            if (p.def().live()) continue; // an older scene holding osc/on never switches it
            if (p.def().setup()) continue; // nor a link: console setup, not scene data
            if (!scope.isEmpty() && !Selector.any(scope, p)) continue;
            if (Selector.any(safes, p)) {
                safe++;
                continue;
            }
            try {
                want[p.slot()] = p.parse(e.getValue());
            } catch (ParamException ex) {
                missing.add(e.getKey());
            }
        }
        // A pair linked now stays linked in step: the scene's odd-side value goes to both (a scene
        // saved before the link may hold two different values), unless a safe protects the other side.
        org.jackdesk.config.ChannelLinks.mirror(registry, now, want, q -> !Selector.any(safes, q));
        for (int slot = 0; slot < want.length; slot++) {
            double target = want[slot];
            if (Double.isNaN(target)) continue;
            Param p = registry.get(slot);
            if (now[slot] == target) continue;
            undo[slot] = now[slot];
            changed++;
            if (fade > 0 && p.type() == ParamType.FLOAT) {
                fadeFrom[slot] = now[slot];
                fadeTo[slot] = target;
                glide.add(slot);
            } else {
                writeBuf[slot] = target;
            }
        }
        undoValues = undo;
        undoScene = s;
        cueIndex = newCueIndex;
        // Switches first, at the start of the fade.
        state.applyAll(writeBuf, ORIGIN);
        if (!glide.isEmpty()) {
            fadeSlots = glide.stream().mapToInt(Integer::intValue).toArray();
            fadeStartMs = clockMs.getAsLong();
            fadeMs = fade;
            grabbed.clear();
            watchGrabs = true;
            fading = true;
            int gen = ++fadeGeneration;
            ticker.start(() -> {
                synchronized (this) {
                    return gen == fadeGeneration && tick();
                }
            });
        }
        changed();
        return new RecallResult(s, cueIndex, changed, safe, missing, glide.isEmpty() ? 0 : fade);
    }

    private void stopFade() {
        fading = false;
        watchGrabs = false;
        fadeSlots = new int[0];
        fadeGeneration++;
    }

    private Map<String, Object> capture(List<Selector> scope) {
        Map<String, Object> all = state.snapshot();
        if (scope.isEmpty()) {
            Map<String, Object> values = stored(all);
            for (Param p : registry.all()) if (p.def().setup()) values.remove(p.path()); // the links are the show's, not a scene's
            return values;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : registry.all()) {
            if (!p.def().live() && !p.def().setup() && Selector.any(scope, p)) out.put(p.path(), all.get(p.path()));
        }
        return out;
    }

    /** {@code values} without the live switches ({@link org.jackdesk.config.ParamDef#live()}): what a show or scene stores. */
    private Map<String, Object> stored(Map<String, Object> values) {
        for (Param p : registry.all()) if (p.def().live()) values.remove(p.path());
        return values;
    }

    private List<Selector> parseScope(List<String> scope) throws SceneException {
        try {
            return Selector.parseAll(scope, registry.layout());
        } catch (IllegalArgumentException e) {
            throw new SceneException(SceneException.BAD_SCOPE, "scope " + e.getMessage());
        }
    }

    private int indexOf(int id) throws SceneException {
        for (int i = 0; i < scenes.size(); i++) if (scenes.get(i).id() == id) return i;
        throw new SceneException(SceneException.UNKNOWN_SCENE, "there is no scene " + id
                + (scenes.isEmpty() ? " (no scenes saved yet)" : " (scenes: " + ids() + ")"));
    }

    private String ids() {
        StringBuilder sb = new StringBuilder();
        for (Scene s : scenes) {
            if (sb.length() > 0) sb.append(", ");
            if (sb.length() > 200) return sb.append("…").toString();
            sb.append(s.id()).append(" \"").append(s.name()).append('"');
        }
        return sb.toString();
    }

    /** A scene name: 1 to {@link Scene#MAX_NAME} characters, no control characters; stripped ({@link Names}). */
    static String checkName(String name) throws SceneException {
        return Names.check(name, "scene", Scene.MAX_NAME, "", m -> new SceneException(SceneException.BAD_NAME, m));
    }

    static void checkFade(long fadeMs) throws SceneException {
        if (fadeMs < 0 || fadeMs > Scene.MAX_FADE_MS) {
            throw new SceneException(SceneException.BAD_FADE, "a fade time is 0 to " + Scene.MAX_FADE_MS + " ms (got " + fadeMs + ")");
        }
    }

    /** The layout the scenes address. */
    public Layout layout() {
        return registry.layout();
    }
}
