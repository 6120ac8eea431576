package org.jackdesk.control.feedback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jackdesk.config.ConsoleState;
import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamException;
import org.jackdesk.config.Params;
import org.jackdesk.control.ParameterService;
import org.jackdesk.control.ProtocolError;
import org.jackdesk.control.security.AccessPolicy;
import org.jackdesk.control.security.Principal;
import org.jackdesk.control.security.Role;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.rta.FeedbackDetector;
import org.jackdesk.engine.rta.FeedbackSuppressor;
import org.jackdesk.engine.rta.RtaTap;

/**
 * The feedback suppressor in the console (docs/assistants.md): one {@link FeedbackSuppressor} per
 * bus — the main and every aux bus — in the bus's {@code fbs/mode}, fed from the engine's feedback
 * tap ({@code Engine#feedbackTap}, what the PA gets, copied only for buses whose mode is not off).
 * What it decides reaches the console as ordinary parameter changes ({@code …/fbs/notch/I/freq},
 * {@code depth}) through the {@link ParameterService}, on behalf of {@link #SYSTEM} with the origin
 * {@link #ORIGIN}: scenes, the undo history, every tablet and every protocol see them. Its
 * suggestions and its log (time, bus, frequency, depth) go to every tablet as a {@code feedback}
 * message and answer {@code feedback.status} / {@code GET /api/feedback}; an engineer takes a
 * suggestion ({@code feedback.take}) or clears a notch ({@code feedback.clear}) with one tap.
 *
 * <p>Threads: the suppressors, the tap's read side and every write of notch parameters are confined
 * to one thread of its own ({@code jackdesk-feedback}), which analyses every {@link #HOP} samples of
 * audio (a frame per 21 ms at 48 kHz, each ending on its hop; a tick that finds fewer new samples does
 * nothing, a late one takes every hop the tap's ring still holds, so the detector's temporal criteria
 * count audio time, not scheduling). {@link #run} is called on the
 * event loop: it checks the role there, does the work on that thread and answers on the caller's
 * context. The parameters are the truth: before each frame a suppressor adopts them
 * ({@link FeedbackSuppressor#sync}), so a notch cleared or fixed from any protocol, or recalled by a
 * scene, is what the suppressor works with.
 */
public final class FeedbackService implements AutoCloseable {
    public static final List<String> OPS = List.of("feedback.status", "feedback.take", "feedback.clear");
    /** The origin of the suppressor's own changes (the history shows it as their author). */
    public static final String ORIGIN = "feedback";
    /** Who the automatic changes are made for: the console itself, with an engineer's reach. */
    public static final Principal SYSTEM = new Principal("feedback suppressor", Role.ENGINEER, Set.of());
    /** Samples between two analyses of a bus (the detector's temporal criteria count these frames). */
    public static final int HOP = 1024;
    /** Log entries kept for the tablets, newest last. */
    public static final int MAX_LOG = 200;
    public static final String NO_FEEDBACK = "no_feedback";

    /** One decision: when (epoch ms), which bus ({@code main}, {@code bus/2}), where, how deep, and what. */
    public record Entry(long timeMillis, String bus, double freqHz, double depthDb, String what) {
        JsonObject toJson() {
            return new JsonObject().put("time", timeMillis).put("bus", bus).put("freq", round(freqHz)).put("depth", depthDb).put("what", what);
        }
    }

    /** A bus's suppressor and its parameters; the tap slot's read position. Thread: the service's. */
    private static final class Bus {
        final String name;
        final int slot;
        final int source;
        final Param mode;
        final Param[] freq = new Param[Layout.FBS_NOTCHES], depth = new Param[Layout.FBS_NOTCHES], fixed = new Param[Layout.FBS_NOTCHES];
        FeedbackSuppressor fbs;
        boolean tapped;
        long from;
        long lastRead;

        Bus(ConsoleState state, String name, int slot, int source) throws ParamException {
            this.name = name;
            this.slot = slot;
            this.source = source;
            mode = state.registry().require(name + "/fbs/mode");
            for (int k = 0; k < freq.length; k++) {
                String n = name + "/fbs/notch/" + (k + 1) + "/";
                freq[k] = state.registry().require(n + "freq");
                depth[k] = state.registry().require(n + "depth");
                fixed[k] = state.registry().require(n + "fixed");
            }
        }
    }

    private final Vertx vertx;
    private final ParameterService params;
    private final ConsoleState state;
    private final EngineControl engine;
    private final Consumer<JsonObject> broadcast;
    private final LongSupplier clockMillis;
    private final List<Bus> buses = new ArrayList<>();
    private final ScheduledExecutorService thread;
    private final float[] frame = new float[FeedbackDetector.FFT_SIZE];
    private final ArrayDeque<Entry> log = new ArrayDeque<>();
    private RtaTap tapInUse;
    private float rateInUse;
    private volatile long frames;

    /**
     * @param broadcast where the {@code feedback} messages go (every tablet: the notices' announce)
     * @param clockMillis the log's clock
     */
    public FeedbackService(Vertx vertx, ParameterService params, EngineControl engine, Consumer<JsonObject> broadcast,
                           LongSupplier clockMillis) {
        this.vertx = vertx;
        this.params = params;
        this.state = params.state();
        this.engine = engine;
        this.broadcast = broadcast;
        this.clockMillis = clockMillis;
        try {
            buses.add(new Bus(state, "main", 0, RtaTap.main()));
            for (int b = 0; b < state.registry().layout().buses().size(); b++) buses.add(new Bus(state, "bus/" + (b + 1), 1 + b, RtaTap.bus(b)));
        } catch (ParamException e) {
            throw new IllegalStateException("the registry has no feedback parameters: " + e.getMessage(), e);
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jackdesk-feedback");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the analysis: a tick every {@link #HOP} samples' time at the engine's rate. Thread: any, once. */
    public FeedbackService start() {
        long periodMicros = Math.max(1000, Math.round(HOP * 1e6 / Math.max(8000, engine.sampleRate())));
        thread.scheduleAtFixedRate(this::tickQuietly, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        return this;
    }

    /**
     * Runs one tick now on the service's thread and waits for it (a test or a benchmark driving an
     * offline render: each bus with a mode is analysed if a hop of audio arrived since its last frame).
     */
    public void tickNow() throws InterruptedException, ExecutionException {
        thread.submit(this::tick).get();
    }

    /** Frames analysed so far, all buses together. Thread: any. */
    public long framesAnalysed() {
        return frames;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a tick that fails (a parameter refused) must not end the schedule; the next one tries again
            System.getLogger("jackdesk.feedback").log(System.Logger.Level.WARNING, "feedback suppressor tick failed", e);
        }
    }

    /** Thread: the service's. */
    private void tick() {
        RtaTap tap = engine.feedbackTap();
        if (tap == null) return;
        if (tap != tapInUse) { // a new engine (sample-rate change): new tap, new suppressors at its rate
            tapInUse = tap;
            rateInUse = engine.sampleRate();
            for (Bus b : buses) {
                b.fbs = new FeedbackSuppressor(rateInUse);
                b.tapped = false;
            }
        }
        boolean changed = false;
        for (Bus b : buses) {
            if (b.slot >= tap.slots()) continue;
            FeedbackSuppressor.Mode m = FeedbackSuppressor.Mode.values()[(int) state.get(b.mode.slot())];
            if (m != b.fbs.mode()) {
                b.fbs.mode(m);
                changed = true;
            }
            boolean on = m != FeedbackSuppressor.Mode.OFF;
            if (on != b.tapped) {
                tap.setSource(b.slot, on ? b.source : RtaTap.OFF);
                b.tapped = on;
                // the ring may hold what it copied the last time it ran: analyse only what comes from now on
                b.from = tap.written(b.slot);
                b.lastRead = b.from;
            }
            if (!on) continue;
            long w = tap.written(b.slot);
            // Frames every HOP samples of audio, each ending on its hop: a tick that comes late (a
            // loaded machine) takes every hop it missed while the ring still holds it, so the
            // detector's criteria count audio time; further behind, it goes on from what the ring has.
            long oldest = w - (tap.ring() - FeedbackDetector.FFT_SIZE);
            if (b.lastRead < oldest) b.lastRead = oldest - (oldest - b.from) % HOP;
            while (w - b.lastRead >= HOP) {
                long end = b.lastRead + HOP;
                b.lastRead = end;
                if (end - b.from < FeedbackDetector.FFT_SIZE || !tap.read(b.slot, frame, FeedbackDetector.FFT_SIZE, end)) continue;
                double t = end / (double) rateInUse;
                sync(b, t);
                int suggestions = b.fbs.suggestions().size();
                b.fbs.frame(frame, t);
                frames++;
                changed |= write(b, SYSTEM, ORIGIN);
                changed |= suggestions != b.fbs.suggestions().size();
            }
        }
        if (changed) broadcast.accept(status().put("op", "feedback"));
    }

    /** The bus adopts its notch parameters (the truth). */
    private void sync(Bus b, double t) {
        for (int k = 0; k < Layout.FBS_NOTCHES; k++) {
            b.fbs.sync(k, state.get(b.freq[k].slot()), state.get(b.depth[k].slot()), state.get(b.fixed[k].slot()) > 0.5, t);
        }
    }

    /** Writes what the suppressor holds and the parameters do not; moves its log here. True when anything was logged. */
    private boolean write(Bus b, Principal who, Object origin) {
        for (int k = 0; k < Layout.FBS_NOTCHES; k++) {
            double d = b.fbs.notchDepthDb(k), f = b.fbs.notchHz(k);
            try {
                if (d > 0 && f != state.get(b.freq[k].slot())) params.setValue(who, b.freq[k], clamp(f, b.freq[k]), origin);
                if (d != state.get(b.depth[k].slot())) params.setValue(who, b.depth[k], clamp(d, b.depth[k]), origin);
                double fx = b.fbs.notchFixed(k) ? 1 : 0;
                if (fx != state.get(b.fixed[k].slot())) params.setValue(who, b.fixed[k], fx, origin);
            } catch (ParamException | ProtocolError e) {
                throw new IllegalStateException(b.name + " notch " + (k + 1) + ": " + e.getMessage(), e);
            }
        }
        boolean[] any = {false};
        long now = clockMillis.getAsLong();
        b.fbs.drainLog(e -> {
            log.addLast(new Entry(now, b.name, e.freqHz(), e.depthDb(), e.what()));
            while (log.size() > MAX_LOG) log.removeFirst();
            any[0] = true;
        });
        return any[0];
    }

    private static double clamp(double v, Param p) {
        return Math.max(p.min(), Math.min(p.max(), v));
    }

    private static double round(double hz) {
        return Math.round(hz * 10) / 10.0;
    }

    /** Every bus's mode, suggestions and notches, and the log. Thread: the service's. */
    private JsonObject status() {
        JsonArray bs = new JsonArray();
        for (Bus b : buses) {
            FeedbackSuppressor.Mode m = FeedbackSuppressor.Mode.values()[(int) state.get(b.mode.slot())];
            JsonArray sug = new JsonArray();
            if (b.fbs != null) for (double f : b.fbs.suggestions()) sug.add(round(f));
            JsonArray notches = new JsonArray();
            for (int k = 0; k < Layout.FBS_NOTCHES; k++) {
                double d = state.get(b.depth[k].slot());
                if (d > 0) {
                    notches.add(new JsonObject().put("notch", k + 1).put("freq", round(state.get(b.freq[k].slot()))).put("depth", d)
                            .put("fixed", state.get(b.fixed[k].slot()) > 0.5));
                }
            }
            bs.add(new JsonObject().put("bus", b.name).put("mode", Params.FBS_MODES.get(m.ordinal())).put("suggestions", sug).put("notches", notches));
        }
        JsonArray l = new JsonArray();
        for (Entry e : log) l.add(e.toJson());
        return new JsonObject().put("buses", bs).put("log", l);
    }

    /**
     * Runs {@code op} for {@code who}: {@code feedback.status} (every logged-in role), {@code feedback.take}
     * {@code {"bus": "main" | "bus/N", "freq": Hz}} (a notch at a suggestion, or any frequency) and
     * {@code feedback.clear} {@code {"bus": …, "notch": 1…12}} (engineer: a monitor may not, even on
     * its own bus). The role and the arguments are checked here, at once; the work runs on the
     * service's thread and the answer ({@code {"op": op, "feedback": status}}) comes back on the caller's context.
     *
     * @param origin the change's origin for the history (the caller's client id, {@code rest})
     */
    public Future<JsonObject> run(Principal who, String op, JsonObject args, Object origin) throws ProtocolError {
        JsonObject a = args == null ? new JsonObject() : args;
        switch (op) {
            case "feedback.status" -> {
                AccessPolicy.checkRead(who); // security: every logged-in role reads
                return onThread(op, () -> { });
            }
            case "feedback.take" -> {
                AccessPolicy.checkRole(who, Role.ENGINEER, "place a feedback notch"); // security: notches need engineer
                Bus b = bus(a.getValue("bus"));
                Object f = a.getValue("freq");
                if (!(f instanceof Number n) || !(n.doubleValue() >= 20 && n.doubleValue() <= 20000)) {
                    throw new ProtocolError(ProtocolError.OUT_OF_RANGE, "'freq' is the notch's frequency, 20 to 20000 Hz, not " + f);
                }
                double hz = n.doubleValue();
                return onThread(op, () -> {
                    if (b.fbs == null) b.fbs = new FeedbackSuppressor(Math.max(8000, engine.sampleRate()));
                    double t = now(b);
                    sync(b, t);
                    if (b.fbs.take(hz, t) < 0) {
                        throw new ProtocolError("no_notch_free", "all " + Layout.FBS_NOTCHES + " notches of " + b.name
                                + " are fixed; clear one or make it live first");
                    }
                    write(b, who, origin);
                });
            }
            case "feedback.clear" -> {
                AccessPolicy.checkRole(who, Role.ENGINEER, "clear a feedback notch"); // security: notches need engineer
                Bus b = bus(a.getValue("bus"));
                Object k = a.getValue("notch");
                if (!(k instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1 || n.intValue() > Layout.FBS_NOTCHES) {
                    throw new ProtocolError(ProtocolError.OUT_OF_RANGE, "'notch' is 1 to " + Layout.FBS_NOTCHES + ", not " + k);
                }
                int i = n.intValue() - 1;
                return onThread(op, () -> {
                    if (b.fbs == null) b.fbs = new FeedbackSuppressor(Math.max(8000, engine.sampleRate()));
                    double t = now(b);
                    sync(b, t);
                    b.fbs.clear(i, t);
                    write(b, who, origin);
                });
            }
            default -> throw new ProtocolError(ProtocolError.UNKNOWN_OP, "unknown op '" + op + "'; feedback ops: " + String.join(", ", OPS));
        }
    }

    /** The bus's audio time (what its suppressor's clock reads), or 0 before any audio. */
    private double now(Bus b) {
        RtaTap tap = tapInUse;
        return tap == null || rateInUse <= 0 ? 0 : tap.written(b.slot) / (double) rateInUse;
    }

    private Bus bus(Object name) throws ProtocolError {
        for (Bus b : buses) if (b.name.equals(name)) return b;
        throw new ProtocolError(ProtocolError.BAD_MESSAGE, "'bus' is main or bus/1 to bus/" + (buses.size() - 1) + ", not " + name);
    }

    private interface Work {
        void run() throws ProtocolError;
    }

    /** Runs {@code work} on the service's thread; a change it made reaches every tablet; the answer is the status. */
    private Future<JsonObject> onThread(String op, Work work) {
        CompletableFuture<JsonObject> done = new CompletableFuture<>();
        io.vertx.core.Context ctx = vertx.getOrCreateContext();
        thread.execute(() -> {
            try {
                int before = log.size();
                work.run();
                JsonObject s = status();
                if (!op.equals("feedback.status") || log.size() != before) broadcast.accept(s.copy().put("op", "feedback"));
                done.complete(new JsonObject().put("op", op).put("feedback", s));
            } catch (ProtocolError | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return Future.fromCompletionStage(done, ctx);
    }

    /** Stops the analysis (the console shuts down); the taps stop copying. Thread: any. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RtaTap tap = tapInUse;
        if (tap != null) for (Bus b : buses) if (b.slot < tap.slots()) tap.setSource(b.slot, RtaTap.OFF);
    }
}
