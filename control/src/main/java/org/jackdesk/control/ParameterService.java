package org.jackdesk.control;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jackdesk.config.ChannelLinks;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.StripLabels;
import org.jackdesk.config.show.FaderLayers;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.RateWindow;

/**
 * The one way into the console's parameters: {@code set / nudge / get / touch / subscribe} on
 * behalf of a principal, with the registry's validation ({@link Param#parse}, clamping),
 * {@link AccessPolicy}'s authorization, the message budgets and the change fan-out in one place.
 * WebSocket, REST and OSC are thin adapters that parse their wire format and call it; every
 * adapter to come (MIDI, Mackie Control, X32) does the same.
 *
 * <p>One-shot callers (REST, the command line) use the methods that take a {@link Principal}. A
 * connection that lives (a WebSocket session, an OSC sender, a control surface) opens a
 * {@link Client}: its identity (the origin of its changes), its message budget, the controls it
 * holds and its change feed.
 *
 * <p>Fan-out: the {@link ConsoleState} records a value and tells its listeners — the engine (one
 * route, wired by the composition root), autosave, and {@link ClientHub}, which hands the change
 * to every subscribed client on the server's event loop.
 *
 * <p>Errors: {@link ParamException} for an unknown path or a bad value (code and path from the
 * registry), {@link ProtocolError} {@code unauthorized}/{@code forbidden} from the policy and
 * {@code wrong_type} for a bad delta.
 *
 * <p>Thread: the principal-taking methods any (the state serializes writes; nothing here waits for
 * the engine, whose {@code setParam} never blocks); {@link Client}, {@link #subscribe} and
 * {@link #touch} control (the server's event loop), like the hub they use.
 */
public final class ParameterService {
    /**
     * The message budgets: {@code perClient} messages a second for each client (WebSocket
     * session, OSC sender address, …) and the server-wide budget of all clients together.
     *
     * @param serverBudget counts one message against the server-wide budget; false when it is spent
     * @param serverPerSecond the server-wide budget, for the refusal's message
     */
    public record Limits(int perClient, BooleanSupplier serverBudget, int serverPerSecond) {
        /** Limits for a console without a server-wide budget (tests, tools). */
        public static Limits perClientOnly(int perClient) {
            return new Limits(perClient, () -> true, Integer.MAX_VALUE);
        }
    }

    /** What a client's message budget says about one message. */
    public enum Admission {
        ADMITTED,
        /** Over the client's own budget this second. */
        OVER_CLIENT,
        /** Over the budget of all clients together this second. */
        OVER_SERVER;

        public boolean admitted() {
            return this == ADMITTED;
        }
    }

    private final ConsoleState state;
    private final ClientHub hub;
    private final Limits limits;
    private final TapTempo taps;
    /** The last changes, for the "oops" list and its undo ({@link #undo}). */
    private final ChangeHistory history;
    /** The connections with a change feed (WebSocket sessions, surfaces), by id: who an origin is, for the history. */
    private final Map<String, Client> clients = new java.util.concurrent.ConcurrentHashMap<>();
    /** The recorder's operations (set by the composition root; null: this server records nothing). */
    private volatile org.jackdesk.control.record.RecorderService recorder;
    /** The feedback suppressor's operations (set by the composition root; null: none). */
    private volatile org.jackdesk.control.feedback.FeedbackService feedback;
    /** The strips' names and colours (the show's when the server has one: {@link #labels(StripLabels)}). */
    private volatile StripLabels labels;
    /** The take player's operations (set by the composition root; null: this server plays nothing). */
    private volatile org.jackdesk.control.record.PlayerService player;
    /** The custom fader layers (the show's when the console has one: {@link #layers(FaderLayers)}). */
    private volatile FaderLayers layers;
    /** Tells every client the layers after a change (any thread: the hub hands it to the event loop). */
    private final Runnable layersChanged = this::broadcastLayers;

    public ParameterService(ConsoleState state, ClientHub hub, Limits limits) {
        this.state = state;
        this.hub = hub;
        this.limits = limits;
        this.taps = new TapTempo(state.registry().layout().fx());
        this.history = new ChangeHistory(state, System::currentTimeMillis, this::who);
        this.labels = StripLabels.of(state.registry().layout());
        this.layers = new FaderLayers(state.registry().layout());
        this.layers.addListener(layersChanged);
    }

    private void broadcastLayers() {
        if (hub != null) hub.broadcast(LayerApi.listing(layers));
    }

    /** The custom fader layers. Thread: any. */
    public FaderLayers layers() {
        return layers;
    }

    /** Installs the show's fader layers (the composition root); every client hears of their changes. Thread: any. */
    public void layers(FaderLayers l) {
        layers.removeListener(layersChanged);
        layers = l;
        l.addListener(layersChanged);
    }

    /**
     * Creates ({@code id} null) or replaces a custom fader layer for {@code who}. The layers are the
     * show's, shared by every device: an engineer's to define (a monitor or viewer gets
     * {@code forbidden}; they pick among them). Every client gets {@code layers}; the autosave
     * writes them. Not kept in the change history. Thread: any.
     */
    public FaderLayers.Layer saveLayer(Principal who, Integer id, String name, List<String> strips) throws ProtocolError {
        AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "define fader layers");
        try {
            return layers.save(id, name, strips);
        } catch (FaderLayers.LayerException e) {
            throw new ProtocolError(e.code(), e.getMessage());
        }
    }

    /** Deletes layer {@code id} (an engineer's, as {@link #saveLayer}). Thread: any. */
    public FaderLayers.Layer deleteLayer(Principal who, int id) throws ProtocolError {
        AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "delete fader layers");
        try {
            return layers.delete(id);
        } catch (FaderLayers.LayerException e) {
            throw new ProtocolError(e.code(), e.getMessage());
        }
    }

    /** Moves layer {@code id} to button position {@code to} (an engineer's, as {@link #saveLayer}). Thread: any. */
    public FaderLayers.Layer moveLayer(Principal who, int id, int to) throws ProtocolError {
        AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "reorder fader layers");
        try {
            return layers.move(id, to);
        } catch (FaderLayers.LayerException e) {
            throw new ProtocolError(e.code(), e.getMessage());
        }
    }

    /** The strips' names and colours. Thread: any. */
    public StripLabels labels() {
        return labels;
    }

    /** Installs the show's names and colours (the control server, before it starts). Thread: any. */
    public void labels(StripLabels l) {
        labels = l;
    }

    /**
     * Renames and/or recolours strip {@code target} ({@code ch/N}, {@code bus/N}, {@code dca/N}) for
     * {@code who}: an engineer's job (a monitor or viewer gets {@code forbidden}); {@code name} or
     * {@code colour} null keeps that one. Every client hears of it through the labels' listeners
     * (the control server broadcasts {@code labels}), and the autosave writes it into the show.
     * A change is one entry of the change history (OOPS), made by {@code who}'s user. Thread: any.
     */
    public StripLabels.Label label(Principal who, String target, String name, String colour) throws ProtocolError {
        return label(who, target, name, colour, who == null ? "?" : who.user());
    }

    /**
     * {@link #label(Principal, String, String, String)}, the history entry made by {@code by} (a
     * client id or a user, as for {@link #who}); an operation that changes nothing is no entry.
     */
    public StripLabels.Label label(Principal who, String target, String name, String colour, String by) throws ProtocolError {
        AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "rename or recolour strips");
        try {
            StripLabels.Relabel r = labels.relabel(target, name, colour);
            history.labelled(by, ChangeHistory.labelChanges(r));
            return r.after();
        } catch (StripLabels.LabelException e) {
            throw new ProtocolError(e.code(), e.getMessage());
        }
    }

    /** The change history ({@link ChangeHistory}); it records from {@link #start} on. */
    public ChangeHistory history() {
        return history;
    }

    /**
     * Who made a change, for the history list: a connection's user (or the tablet's session on a
     * console without users), "you (undo)"-style for an undo's writes, else the origin as given
     * ({@code scene}, {@code rest}, {@code osc:10.0.0.7:9000}).
     */
    String who(Object origin) {
        String o = String.valueOf(origin);
        if (o.startsWith(ChangeHistory.UNDO_ORIGIN)) {
            String by = o.substring(ChangeHistory.UNDO_ORIGIN.length());
            int hash = by.lastIndexOf('#');
            return who(hash < 0 ? by : by.substring(0, hash)) + " (undo)";
        }
        if (o.startsWith(ChangeHistory.PASTE_ORIGIN) || o.startsWith(ChangeHistory.LINK_ORIGIN)) {
            String by = o.substring(o.indexOf(':') + 1);
            int hash = by.lastIndexOf('#');
            return who(hash < 0 ? by : by.substring(0, hash));
        }
        if (o.startsWith(ChangeHistory.MIRROR_ORIGIN)) return who(o.substring(ChangeHistory.MIRROR_ORIGIN.length()));
        Client c = clients.get(o);
        if (c == null) return o;
        Principal p = c.principal();
        return p == null || p.user().equals(Principal.ANYONE.user()) ? "tablet " + o : p.user();
    }

    /**
     * The history entries {@code who} may see, newest first: those whose every value it may change
     * (a monitor sees its own mix's changes only). Every logged-in role reads.
     */
    public List<ChangeHistory.Entry> history(Principal who) throws ProtocolError {
        AccessPolicy.checkRead(who);
        List<ChangeHistory.Entry> out = new java.util.ArrayList<>();
        for (ChangeHistory.Entry e : history.list()) if (mayWriteAll(who, e)) out.add(e);
        return out;
    }

    private static boolean mayWriteAll(Principal who, ChangeHistory.Entry e) {
        try {
            checkWriteAll(who, e);
            return true;
        } catch (ProtocolError refused) {
            return false;
        }
    }

    /** The error code of an undo of an entry the history no longer keeps. */
    public static final String NOT_IN_HISTORY = "not_in_history";
    /** The error code of a second undo of one entry. */
    public static final String ALREADY_UNDONE = "already_undone";

    /**
     * Puts back every value of history entry {@code id} where it was before, as {@code who} (its
     * role decides: all the entry's values or none), through the same path as every set; the
     * writes are one new entry, so an undo can be undone. Returns the entry put back.
     *
     * @param by who undoes, for the history ({@link #who}): a client id or a user
     */
    public ChangeHistory.Entry undo(Principal who, long id, String by) throws ProtocolError, ParamException {
        ChangeHistory.Entry e = history.find(id);
        if (e == null) {
            throw new ProtocolError(NOT_IN_HISTORY, "change " + id + " is not in the history (it keeps the last "
                    + ChangeHistory.MAX_ENTRIES + " changes)");
        }
        if (e.undone()) throw new ProtocolError(ALREADY_UNDONE, "change " + id + " (" + e.what() + ") is already undone");
        checkWriteAll(who, e); // all or nothing
        history.markUndone(id);
        String origin = ChangeHistory.UNDO_ORIGIN + by + "#" + id;
        List<ChangeHistory.Change> cs = e.changes();
        for (int i = cs.size() - 1; i >= 0; i--) setValue(who, cs.get(i).param(), cs.get(i).from(), origin);
        // Names and colours: one label operation per strip back to where it was, through the labels
        // like a tablet's rename (every client told, the show saved), recorded as this undo's.
        Map<String, String[]> back = new java.util.LinkedHashMap<>();
        for (ChangeHistory.LabelChange c : e.labels()) {
            String[] nameColour = back.computeIfAbsent(c.target(), t -> new String[2]);
            if (c.field().equals(ChangeHistory.NAME)) nameColour[0] = c.from();
            else nameColour[1] = c.from() == null ? "off" : c.from();
        }
        for (Map.Entry<String, String[]> b : back.entrySet()) {
            try {
                history.labelled(origin, ChangeHistory.labelChanges(labels.relabel(b.getKey(), b.getValue()[0], b.getValue()[1])));
            } catch (StripLabels.LabelException refused) {
                throw new ProtocolError(refused.code(), "undoing change " + id + " (" + e.what() + "): " + refused.getMessage());
            }
        }
        return e;
    }

    /** Whether {@code who} may put back every value of {@code e}: each parameter's write, and an engineer's role for names and colours. */
    private static void checkWriteAll(Principal who, ChangeHistory.Entry e) throws ProtocolError {
        for (ChangeHistory.Change c : e.changes()) AccessPolicy.checkWrite(who, c.param());
        if (!e.labels().isEmpty()) AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "rename or recolour strips");
    }

    /** The sections of a channel a paste copies (docs/protocol.md, "Copy and paste"); {@code all} is every one of them. */
    public static final List<String> PASTE_SECTIONS = org.jackdesk.config.show.Sections.CHANNEL_PROCESSING;
    /** The error code of a paste naming a section it does not copy. */
    public static final String BAD_SECTION = "bad_section";
    /** The error code of a paste from or onto something that is not a channel of this console. */
    public static final String BAD_CHANNEL = "bad_channel";
    private final java.util.concurrent.atomic.AtomicLong pastes = new java.util.concurrent.atomic.AtomicLong();

    /** What a paste did: from which channel, onto which, which sections, how many values were written. */
    public record Pasted(int from, List<Integer> to, List<String> sections, int values) {}

    /**
     * Copies channel {@code from}'s {@code sections} ({@link #PASTE_SECTIONS}, or {@code all}) onto
     * every channel of {@code to} as {@code who}: all the values or none (each target value is
     * authorized first, as a set of it would be), then written through the same path as every set,
     * as one entry of the history (its undo puts every target back). The source is skipped if it is
     * among the targets. Returns what was done.
     *
     * @param by who pastes, for the history ({@link #who}): a client id or a user
     */
    public Pasted paste(Principal who, int from, List<Integer> to, List<String> sections, String by) throws ProtocolError, ParamException {
        AccessPolicy.checkRead(who);
        int channels = state.registry().layout().channels().size();
        String range = "this console has channels 1.." + channels;
        if (from < 1 || from > channels) throw new ProtocolError(BAD_CHANNEL, "there is no channel " + from + " to copy from; " + range);
        java.util.Set<String> secs = pasteSections(sections, "a paste copies");
        java.util.Set<Integer> targets = targets(to, from);
        int n = pasteInto(who, from, targets, secs, pasteOrigin(by));
        return new Pasted(from, List.copyOf(targets), List.copyOf(secs), n);
    }

    /** A new paste's history origin: one entry for everything it writes. */
    private String pasteOrigin(String by) {
        return ChangeHistory.PASTE_ORIGIN + by + "#" + pastes.incrementAndGet();
    }

    /**
     * The paste itself: channel {@code from}'s values in {@code secs} onto {@code targets}, every
     * write authorized before the first (all or nothing), written with {@code origin} (one history
     * entry). Returns how many values were written. Also a stereo link's first step.
     */
    private int pasteInto(Principal who, int from, java.util.Collection<Integer> targets, java.util.Set<String> secs, Object origin)
            throws ProtocolError, ParamException {
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        String prefix = "ch/" + from + "/";
        for (Param p : state.registry().all()) {
            if (p.path().startsWith(prefix) && secs.contains(org.jackdesk.config.show.Sections.of(p))) {
                values.put(p.path().substring(prefix.length()), state.get(p.slot()));
            }
        }
        return writeOnto(who, values, targets, origin);
    }

    /**
     * The sections named ({@link #PASTE_SECTIONS}, or {@code all} for every one), in the order
     * given; an unknown or missing one is {@link #BAD_SECTION} with the valid ones.
     *
     * @param verb what takes them, for the message ("a paste copies", "a preset holds")
     */
    public static java.util.Set<String> pasteSections(List<String> sections, String verb) throws ProtocolError {
        java.util.Set<String> secs = new java.util.LinkedHashSet<>();
        for (String sec : sections) {
            if (sec.equals("all")) secs.addAll(PASTE_SECTIONS);
            else if (PASTE_SECTIONS.contains(sec)) secs.add(sec);
            else {
                String near = org.jackdesk.config.Suggest.nearest(sec, PASTE_SECTIONS);
                throw new ProtocolError(BAD_SECTION, "'" + sec + "' is not a section " + verb + "; sections: " + String.join(", ", PASTE_SECTIONS)
                        + " or all" + (near != null ? " (did you mean '" + near + "'?)" : ""));
            }
        }
        if (secs.isEmpty()) throw new ProtocolError(BAD_SECTION, "which sections? give \"sections\": some of " + String.join(", ", PASTE_SECTIONS) + ", or all");
        return secs;
    }

    /** The channels of {@code to}, checked, without {@code source} (0: none); none left is {@link #BAD_CHANNEL}. */
    private java.util.Set<Integer> targets(List<Integer> to, int source) throws ProtocolError {
        int channels = state.registry().layout().channels().size();
        java.util.Set<Integer> targets = new java.util.LinkedHashSet<>();
        for (int t : to) {
            if (t < 1 || t > channels) throw new ProtocolError(BAD_CHANNEL, "there is no channel " + t + " to paste onto; this console has channels 1.." + channels);
            if (t != source) targets.add(t);
        }
        if (targets.isEmpty()) {
            throw new ProtocolError(BAD_CHANNEL, "paste onto which channels? give \"to\": " + (source > 0 ? "channels other than " + source : "channel numbers, e.g. [2, 3]"));
        }
        return targets;
    }

    /**
     * Writes {@code values} (by address relative to a channel, {@code "eq/2/gain"}) onto every
     * channel of {@code targets} as {@code who}: every write authorized first (all or nothing), then
     * through the same path as every set, as one history entry ({@code origin}). Returns how many
     * values were written.
     */
    private int writeOnto(Principal who, java.util.Map<String, Double> values, java.util.Collection<Integer> targets, Object origin)
            throws ProtocolError, ParamException {
        List<Param> dest = new java.util.ArrayList<>();
        double[] raw = new double[values.size() * targets.size()];
        int k = 0;
        for (int t : targets) {
            for (java.util.Map.Entry<String, Double> e : values.entrySet()) {
                Param q = state.registry().require("ch/" + t + "/" + e.getKey());
                AccessPolicy.checkWrite(who, q);
                dest.add(q);
                raw[k++] = e.getValue();
            }
        }
        for (int i = 0; i < dest.size(); i++) setValue(who, dest.get(i), raw[i], origin);
        return dest.size();
    }

    /**
     * Channel {@code ch}'s values of {@code sections} ({@link #pasteSections}) as a channel-library
     * preset holds them: by address relative to the channel, as a client sees them. An engineer's
     * (a preset is part of the show). Thread: any.
     */
    public java.util.Map<String, Object> channelSections(Principal who, int ch, java.util.Set<String> sections) throws ProtocolError {
        AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "save channel presets");
        int channels = state.registry().layout().channels().size();
        if (ch < 1 || ch > channels) {
            throw new ProtocolError(BAD_CHANNEL, "there is no channel " + ch + " to save a preset from; this console has channels 1.." + channels);
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        String prefix = "ch/" + ch + "/";
        for (Param p : state.registry().all()) {
            if (p.path().startsWith(prefix) && sections.contains(org.jackdesk.config.show.Sections.of(p))) {
                out.put(p.path().substring(prefix.length()), p.toExternal(state.get(p.slot())));
            }
        }
        return out;
    }

    /**
     * Loads channel-library preset {@code preset} onto every channel of {@code to} as {@code who}:
     * an engineer's; exactly its values, through the same path as a paste (all authorized first,
     * one history entry whose undo puts every target back). Returns what was done ({@code from} 0).
     *
     * @param by who loads, for the history ({@link #who}): a client id or a user
     */
    public Pasted loadPreset(Principal who, org.jackdesk.config.show.Preset preset, List<Integer> to, String by) throws ProtocolError, ParamException {
        AccessPolicy.checkRole(who, org.jackdesk.control.security.Role.ENGINEER, "load channel presets");
        java.util.Set<Integer> targets = targets(to, 0);
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, Object> e : preset.values().entrySet()) {
            Param t = state.registry().require("ch/1/" + e.getKey());
            values.put(e.getKey(), t.parse(e.getValue()));
        }
        int n = writeOnto(who, values, targets, pasteOrigin(by));
        return new Pasted(0, List.copyOf(targets), preset.sections(), n);
    }

    /** The recorder's operations every protocol calls (docs/recording.md), or null. Thread: any. */
    public org.jackdesk.control.record.RecorderService recorder() {
        return recorder;
    }

    /** Installs the recorder (the composition root, once). Thread: any. */
    public void recorder(org.jackdesk.control.record.RecorderService r) {
        recorder = r;
    }

    /** The feedback suppressor's operations every protocol calls (docs/assistants.md), or null. Thread: any. */
    public org.jackdesk.control.feedback.FeedbackService feedback() {
        return feedback;
    }

    /** Installs the feedback suppressor (the composition root, once). Thread: any. */
    public void feedback(org.jackdesk.control.feedback.FeedbackService f) {
        feedback = f;
    }

    /** The take player's operations every protocol calls (docs/recording.md#playback), or null. Thread: any. */
    public org.jackdesk.control.record.PlayerService player() {
        return player;
    }

    /** Installs the player (the composition root, once). Thread: any. */
    public void player(org.jackdesk.control.record.PlayerService p) {
        player = p;
    }

    /** The FX slots' tap tempo (tests drive its clock). */
    public TapTempo taps() {
        return taps;
    }

    /**
     * Starts the fan-out: from now on every change the state records reaches the subscribed
     * clients (through the hub, on the server's event loop). Thread: control.
     */
    public void start() {
        history.attach();
        state.addListener(hub);
    }

    /** Ends the fan-out ({@link #start}). Thread: control. */
    public void stop() {
        state.removeListener(hub);
        history.detach();
    }

    public ConsoleState state() {
        return state;
    }

    public Limits limits() {
        return limits;
    }

    /** The parameter at {@code path}; an unknown path is {@code unknown_path} with a suggestion. */
    public Param param(String path) throws ParamException {
        return state.registry().require(path);
    }

    /**
     * Throws {@code unauthorized} or {@code forbidden} unless {@code who} may change {@code p}:
     * for adapters that must know before they read the rest of a request (a refused sender learns
     * nothing more, e.g. about the value's type).
     */
    public void checkWrite(Principal who, Param p) throws ProtocolError {
        AccessPolicy.checkWrite(who, p);
    }

    /**
     * Sets {@code p} to {@code value} (a JSON-shaped value: number, boolean, choice name) for
     * {@code who}; returns the value applied, clamped by the registry.
     */
    public double set(Principal who, Param p, Object value, Object origin) throws ParamException, ProtocolError {
        AccessPolicy.checkWrite(who, p);
        return write(who, p, p.parse(value), origin);
    }

    /**
     * Sets {@code p} to a number its adapter already read from its wire format (OSC's int for a
     * choice, a MIDI controller's scaled position); the registry checks it as any other value.
     * Returns the value applied.
     */
    public double setValue(Principal who, Param p, double value, Object origin) throws ParamException, ProtocolError {
        AccessPolicy.checkWrite(who, p);
        return write(who, p, value, origin);
    }

    /**
     * Every set's last step, {@code who} already allowed to write {@code p}: a link flag links or
     * unlinks its pair ({@link #link}); a mirrored parameter of a linked pair is written on both
     * channels ({@link #mirrorOf}), the other side authorized first (a monitor's send on one side is
     * its own mix on the other too, and anything beyond its role is refused whole).
     */
    private double write(Principal who, Param p, double value, Object origin) throws ParamException, ProtocolError {
        if (p.def().template().equals(ChannelLinks.TEMPLATE)) return link(who, p, value, origin);
        checkAutomixGroup(p, value);
        Param twin = mirrorOf(p);
        if (twin != null) AccessPolicy.checkWrite(who, twin);
        double applied = tapped(p, state.set(p, value, origin), origin);
        if (twin != null) state.set(twin, applied, ChangeHistory.MIRROR_ORIGIN + origin);
        return applied;
    }

    /** The other channel's same parameter when {@code p}'s channel is stereo-linked and {@code p} is mirrored ({@link ChannelLinks}); else null. */
    private Param mirrorOf(Param p) {
        Param twin = ChannelLinks.twin(state.registry(), p);
        return twin != null && ChannelLinks.linked(state, p.index()) ? twin : null;
    }

    /** The error code of a stereo link the layout does not allow (a stereo channel, a channel without a mono partner). */
    public static final String CANNOT_LINK = "cannot_link";
    private final java.util.concurrent.atomic.AtomicLong links = new java.util.concurrent.atomic.AtomicLong();

    /**
     * {@code ch/N/link} set on either channel of a pair (docs/ui.md, "Stereo link"). On: the even
     * channel takes the odd one's processing ({@link #pasteInto}, every section) and its other
     * mirrored values (order, fader, mute, solo, main assign, DCAs, mute groups), the pair's
     * balance (both pans) and its send balances (the send pans) go to the centre, and both flags
     * go on. Off: both flags go off and every value stays as it is. One history entry either way
     * (an undo's writes stay in the undo's entry). A link on a channel that cannot link is
     * {@link #CANNOT_LINK}, nothing changed.
     */
    private double link(Principal who, Param p, double value, Object origin) throws ParamException, ProtocolError {
        double v = p.check(value);
        int n = p.index();
        org.jackdesk.config.ParamRegistry reg = state.registry();
        int m = ChannelLinks.partner(reg.layout(), n);
        if (m == 0) {
            if (v >= 0.5) throw new ProtocolError(CANNOT_LINK, ChannelLinks.whyNot(reg.layout(), n), p.path());
            return state.set(p, v, origin); // off on a channel that cannot link: a stray flag from a file goes
        }
        int left = Math.min(n, m), right = Math.max(n, m);
        Param leftFlag = reg.require("ch/" + left + "/link"), rightFlag = reg.require("ch/" + right + "/link");
        AccessPolicy.checkWrite(who, leftFlag);
        AccessPolicy.checkWrite(who, rightFlag);
        if (state.get(leftFlag.slot()) == v && state.get(rightFlag.slot()) == v) return v;
        String o = String.valueOf(origin);
        Object group = o.startsWith(ChangeHistory.UNDO_ORIGIN) || o.startsWith(ChangeHistory.PASTE_ORIGIN) || o.startsWith(ChangeHistory.LINK_ORIGIN)
                ? origin : ChangeHistory.LINK_ORIGIN + o + "#" + links.incrementAndGet();
        if (v >= 0.5) {
            // The values beyond a paste's sections that mirror too, and every pan (the pair's balance
            // and its send balances, centred): authorized before any write.
            List<Param[]> rest = new java.util.ArrayList<>();
            String prefix = "ch/" + left + "/";
            for (Param q : reg.all()) {
                if (!q.path().startsWith(prefix) || !ChannelLinks.mirrored(q)) continue;
                if (PASTE_SECTIONS.contains(org.jackdesk.config.show.Sections.of(q)) && !q.path().endsWith("/pan")) continue;
                Param twin = ChannelLinks.twin(reg, q);
                AccessPolicy.checkWrite(who, q);
                AccessPolicy.checkWrite(who, twin);
                rest.add(new Param[] {q, twin});
            }
            pasteInto(who, left, List.of(right), new java.util.LinkedHashSet<>(PASTE_SECTIONS), group);
            for (Param[] pair : rest) {
                boolean pan = pair[0].path().endsWith("/pan");
                if (pan) state.set(pair[0], 0, group); // balance centred: the pair plays hard left and right
                state.set(pair[1], pan ? 0 : state.get(pair[0].slot()), group);
            }
        }
        state.set(leftFlag, v, group);
        state.set(rightFlag, v, group);
        return v;
    }

    /** The error code of a 17th member of an automix group. */
    public static final String AUTOMIX_GROUP_FULL = "automix_group_full";

    /**
     * An automix group shares gain among at most 16 channels (docs/assistants.md): a 17th member is
     * refused here, for every protocol, with the group's members named; nothing changes.
     */
    private void checkAutomixGroup(Param p, double value) throws ProtocolError {
        if (value < 0.5 || !p.def().template().equals("ch/{n}/automix/group") || state.get(p.slot()) == value) return;
        int channels = state.registry().layout().channels().size();
        List<Integer> members = new java.util.ArrayList<>();
        for (int c = 1; c <= channels; c++) {
            if (c != p.index() && state.get(state.registry().slot("ch/" + c + "/automix/group")) == value) members.add(c);
        }
        if (members.size() >= org.jackdesk.config.Layout.AUTOMIX_MEMBERS) {
            String group = String.valueOf(p.def().enumValues().get((int) value)).toUpperCase(java.util.Locale.ROOT);
            throw new ProtocolError(AUTOMIX_GROUP_FULL, "automix group " + group + " has its " + org.jackdesk.config.Layout.AUTOMIX_MEMBERS
                    + " members already (channels " + members + "): take one out before adding channel " + p.index(), p.path());
        }
    }

    /**
     * {@code fx/N/tap} set to true is a tap (docs/fx.md): timed here ({@link TapTempo}), it sets
     * {@code fx/N/tempo} and, while the delay is not synced, {@code fx/N/delay/time} to one beat;
     * the tap switch falls back to false at once, so the next tap is a change again.
     */
    private double tapped(Param p, double applied, Object origin) throws ParamException {
        if (!p.def().template().equals("fx/{n}/tap") || applied < 0.5) return applied;
        String slot = "fx/" + p.index() + "/";
        double bpm = taps.tap(p.index() - 1);
        state.set(p, 0, origin);
        if (!Double.isNaN(bpm)) {
            Param tempo = state.registry().require(slot + "tempo");
            double set = state.set(tempo, tempo.def().clamp(bpm), origin);
            if (state.get(slot + "delay/sync") == 0) {
                Param time = state.registry().require(slot + "delay/time");
                state.set(time, time.def().clamp(60000.0 / set), origin);
            }
        }
        return applied;
    }

    /** Moves {@code p} by {@code delta} in its own units (clamped); returns the value applied. */
    public double nudge(Principal who, Param p, double delta, Object origin) throws ProtocolError {
        AccessPolicy.checkWrite(who, p);
        if (!Double.isFinite(delta)) throw new ProtocolError(ProtocolError.WRONG_TYPE, "delta must be finite", p.path());
        if (p.def().template().equals(ChannelLinks.TEMPLATE)) {
            try {
                return link(who, p, p.def().clamp(state.get(p.slot()) + delta), origin);
            } catch (ParamException e) {
                throw new ProtocolError(e.code(), e.getMessage(), p.path());
            }
        }
        Param twin = mirrorOf(p);
        if (twin == null) return state.nudge(p, delta, origin);
        AccessPolicy.checkWrite(who, twin);
        double applied = state.nudge(p, delta, origin);
        try {
            state.set(twin, applied, ChangeHistory.MIRROR_ORIGIN + origin);
        } catch (ParamException e) {
            throw new IllegalStateException("a linked pair's twin refused its partner's value", e); // the same definition: cannot happen
        }
        return applied;
    }

    /** What a read returns: one parameter's value, or every value under a prefix. */
    public sealed interface Reading permits Value, Values {}

    /** One parameter, its value in engineering units and as a client sees it ({@link Param#toExternal}). */
    public record Value(Param param, double raw, Object value) implements Reading {}

    /** Every value under {@code prefix}, by canonical path. */
    public record Values(String prefix, Map<String, Object> values) implements Reading {}

    /**
     * Reads {@code path} for {@code who} (every logged-in role reads): one parameter, or every
     * value under it as a prefix ({@code ch/3}); an unknown prefix is {@code unknown_path}.
     */
    public Reading get(Principal who, String path) throws ParamException, ProtocolError {
        AccessPolicy.checkRead(who);
        Param single = state.registry().find(path);
        if (single != null) {
            double v = state.get(single.slot());
            return new Value(single, v, single.toExternal(v));
        }
        return new Values(path, state.snapshot(path));
    }

    /** Every value, by canonical path, for {@code who} (every logged-in role reads). */
    public Map<String, Object> snapshot(Principal who) throws ProtocolError {
        AccessPolicy.checkRead(who);
        return state.snapshot();
    }

    /** A change feed: {@link #close} ends it. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Sends {@code sink} every change from now on (and touches and broadcasts), on the server's
     * event loop, for {@code who} (every logged-in role may follow the console). Take the snapshot
     * in the same event-loop turn: no change falls between. Thread: control.
     *
     * @param webSocket counted as a WebSocket client in the metrics
     */
    public Subscription subscribe(Principal who, ChangeSink sink, boolean webSocket) throws ProtocolError {
        AccessPolicy.checkRead(who);
        hub.add(sink, webSocket);
        return new Subscription() {
            private boolean open = true;

            @Override
            public void close() {
                if (!open) return;
                open = false;
                hub.remove(sink, webSocket);
            }
        };
    }

    /**
     * Opens a connection's handle: its changes carry {@code id} as their origin, its principal is
     * asked anew at every call (a login can change or end it), its touches are announced to every
     * other subscriber. Thread: control.
     *
     * @param sink the connection's own change feed (excluded from its own touch announcements); may be null
     * @param label who it is in a refusal's message ({@code "from 10.0.0.7"}); may be empty
     */
    public Client client(String id, Supplier<Principal> who, ChangeSink sink, String label) {
        return new Client(id, who, sink, label, limits.perClient());
    }

    /**
     * A client with its own message budget of {@code perSecond} instead of the tablets' (a control
     * surface whose moves the adapter already coalesces, docs/midi.md); the server-wide budget
     * still applies. Thread: control.
     */
    public Client client(String id, Supplier<Principal> who, ChangeSink sink, String label, int perSecond) {
        return new Client(id, who, sink, label, perSecond);
    }

    /**
     * Clients for the senders of a datagram protocol (OSC, X32), one per key (a host, or host and
     * port), created at a sender's first message: their message budgets. Beyond {@code max} tracked
     * senders (a flood from forged addresses) new ones share one client, {@code "*"}. Thread: control.
     *
     * @param prefix what their changes' origin starts with ({@code "osc:"}, {@code "x32:"})
     */
    public Senders senders(String prefix, Supplier<Principal> who, int max) {
        return new Senders(prefix, who, max);
    }

    /** See {@link #senders}. */
    public final class Senders {
        private final String prefix;
        private final Supplier<Principal> who;
        private final int max;
        private final Map<String, Client> clients = new java.util.HashMap<>();

        private Senders(String prefix, Supplier<Principal> who, int max) {
            this.prefix = prefix;
            this.who = who;
            this.max = max;
        }

        /** The client of {@code key}, made on its first message (or the shared one beyond the cap). */
        public Client of(String key) {
            String k = !clients.containsKey(key) && clients.size() >= max ? "*" : key;
            return clients.computeIfAbsent(k, x -> client(prefix + x, who, null, x.equals("*") ? "" : "from " + x));
        }

        /** The client {@code key} already has (or the shared one), null when it never sent. */
        public Client find(String key) {
            Client c = clients.get(key);
            return c != null ? c : clients.get("*");
        }

        /** Forgets the senders idle for a whole window (their budget would be whole again anyway). */
        public void sweep() {
            long now = System.nanoTime();
            clients.values().removeIf(c -> now - c.budgetEndsNanos() > RateWindow.WINDOW_NANOS);
        }
    }

    /**
     * One connection into the console: what it may do is its principal's, what it may send is its
     * message budget's, what it holds (a finger on a fader) is released when it goes. Thread:
     * control.
     */
    public final class Client {
        private final String id;
        private final Supplier<Principal> who;
        private final ChangeSink sink;
        private final String label;
        private final RateWindow window;
        private final Set<String> holding = new LinkedHashSet<>();
        private Subscription subscription;

        private final int perSecond;

        private Client(String id, Supplier<Principal> who, ChangeSink sink, String label, int perSecond) {
            this.id = id;
            this.who = who;
            this.sink = sink;
            this.label = label == null ? "" : label;
            this.perSecond = perSecond;
            this.window = new RateWindow(perSecond, System.nanoTime());
            if (sink != null) clients.put(id, this);
        }

        public String id() {
            return id;
        }

        public Principal principal() {
            return who.get();
        }

        /**
         * Counts one message against this client's budget, then the server-wide one. Adapters ask
         * before anything else, so that a flood (even with a forged sender) costs no answer.
         */
        public Admission admit() {
            if (!window.admit(System.nanoTime())) return Admission.OVER_CLIENT;
            return limits.serverBudget().getAsBoolean() ? Admission.ADMITTED : Admission.OVER_SERVER;
        }

        /**
         * Counts one message held over the budget and applied now; false when the budget is still
         * spent (a refusal here is not the client's new excess: no error is due).
         */
        public boolean admitHeldOver() {
            return window.admit(System.nanoTime()) && limits.serverBudget().getAsBoolean();
        }

        /**
         * The error to tell the client about a refused message, or null when it was told already
         * this second (one error a second; the rest of the excess is counted silently).
         *
         * @param kind what was sent ({@code "messages"}, {@code "OSC messages"})
         * @param afterwards what happens to the excess, appended to the message (starts with {@code ", "}), or empty
         */
        public ProtocolError refusal(Admission a, String kind, String afterwards) {
            if (a.admitted() || !window.firstRefusal()) return null;
            return new ProtocolError(ProtocolError.RATE_LIMITED, a == Admission.OVER_SERVER
                    ? "the console is receiving more than " + limits.serverPerSecond()
                            + " messages a second from all clients together; the excess this second is dropped"
                    : "more than " + perSecond + " " + kind + " in a second" + (label.isEmpty() ? "" : " " + label)
                            + "; the excess this second is dropped" + afterwards);
        }

        /** When this client's budget is whole again. */
        public long budgetEndsNanos() {
            return window.endNanos();
        }

        public double set(Param p, Object value) throws ParamException, ProtocolError {
            return ParameterService.this.set(principal(), p, value, id);
        }

        public double setValue(Param p, double value) throws ParamException, ProtocolError {
            return ParameterService.this.setValue(principal(), p, value, id);
        }

        public double nudge(Param p, double delta) throws ProtocolError {
            return ParameterService.this.nudge(principal(), p, delta, id);
        }

        public Reading get(String path) throws ParamException, ProtocolError {
            return ParameterService.this.get(principal(), path);
        }

        public void checkWrite(Param p) throws ProtocolError {
            AccessPolicy.checkWrite(principal(), p);
        }

        /**
         * Puts this client's finger on ({@code on}) or takes it off {@code p}: every other
         * subscriber is told (the tablets highlight who holds what). Only who may change a control
         * says they touch it. Repeating the same state is not announced again.
         */
        public void touch(Param p, boolean on) throws ProtocolError {
            AccessPolicy.checkWrite(principal(), p);
            boolean changed = on ? holding.add(p.path()) : holding.remove(p.path());
            if (changed) hub.touched(sink, p.path(), on, id);
        }

        /** True while this client holds a control. */
        public boolean holdsAny() {
            return !holding.isEmpty();
        }

        /** Lets go of every control it holds: every other subscriber sees the highlight go. */
        public void releaseAll() {
            for (String path : List.copyOf(holding)) hub.touched(sink, path, false, id);
            holding.clear();
        }

        /** Starts this client's change feed ({@link ParameterService#subscribe}); idempotent. */
        public void subscribe(boolean webSocket) throws ProtocolError {
            if (subscription != null || sink == null) return;
            subscription = ParameterService.this.subscribe(principal(), sink, webSocket);
        }

        public boolean subscribed() {
            return subscription != null;
        }

        /** The connection went: its feed ends and what it held is released. */
        public void close() {
            if (subscription != null) subscription.close();
            subscription = null;
            releaseAll();
            clients.remove(id, this);
        }
    }
}
