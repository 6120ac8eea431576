package org.jackdesk.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the control plane, read by {@code /metrics} and the benchmark. Written on the
 * server's event loop, readable from any thread.
 */
public final class ServerMetrics {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder meterFramesOut = new LongAdder();
    private final LongAdder oscMalformed = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong wsClients = new AtomicLong();
    private final AtomicLong wsWithoutLogin = new AtomicLong();
    private final AtomicLong oscSubscribers = new AtomicLong();
    private final AtomicLong x32Clients = new AtomicLong();
    private final AtomicLong maxQueuedBytes = new AtomicLong();
    private final LongAdder heldBack = new LongAdder();
    /** Rates over the last whole second, rolled by {@link #roll()}. */
    private volatile double inPerSecond;
    private volatile double outPerSecond;
    private long lastIn;
    private long lastOut;
    private long lastRollNanos = System.nanoTime();

    public void messageIn() {
        messagesIn.increment();
    }

    public void messageOut() {
        messagesOut.increment();
    }

    public void meterFrameOut() {
        meterFramesOut.increment();
        messagesOut.increment();
    }

    public void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    private final LongAdder midiUnmapped = new LongAdder();
    private final LongAdder midiRefused = new LongAdder();

    /** Per MIDI pair (docs/midi.md, "More port pairs"): its unmapped [0] and refused [1] messages. */
    private final java.util.concurrent.ConcurrentHashMap<String, LongAdder[]> midiPairs = new java.util.concurrent.ConcurrentHashMap<>();

    private LongAdder[] midiPair(String pair) {
        return midiPairs.computeIfAbsent(pair, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    }

    /** A MIDI message of the pair {@code pair} no mapping uses: counted for the pair and in the total. */
    public void midiUnmapped(String pair) {
        midiPair(pair)[0].increment();
        midiUnmapped();
    }

    /** A MIDI move of the pair {@code pair} the console refused: counted for the pair and in the total. */
    public void midiRefused(String pair) {
        midiPair(pair)[1].increment();
        midiRefused();
    }

    /** The pair's unmapped messages since start. */
    public long midiUnmappedCount(String pair) {
        LongAdder[] a = midiPairs.get(pair);
        return a == null ? 0 : a[0].sum();
    }

    /** The pair's refused moves since start. */
    public long midiRefusedCount(String pair) {
        LongAdder[] a = midiPairs.get(pair);
        return a == null ? 0 : a[1].sum();
    }

    /** A MIDI message no mapping uses (docs/midi.md). */
    public void midiUnmapped() {
        midiUnmapped.increment();
    }

    /** A MIDI move the console refused (role, range, budget). */
    public void midiRefused() {
        midiRefused.increment();
    }

    public long midiUnmappedCount() {
        return midiUnmapped.sum();
    }

    public long midiRefusedCount() {
        return midiRefused.sum();
    }

    public void oscMalformed() {
        oscMalformed.increment();
        error("osc_malformed");
    }

    /** A client's bytes handed to the transport and not yet written to its socket; keeps the maximum. */
    public void queuedBytes(long n) {
        if (n > maxQueuedBytes.get()) maxQueuedBytes.accumulateAndGet(n, Math::max);
    }

    /** A meter frame skipped, or a change or touch held back, because a client's queue was full. */
    public void heldBack() {
        heldBack.increment();
    }

    public void wsClients(int n) {
        wsClients.set(n);
    }

    public void oscSubscribers(int n) {
        oscSubscribers.set(n);
    }

    /** X32 apps with a live {@code /xremote} or subscription (docs/x32.md). */
    public void x32Clients(int n) {
        x32Clients.set(n);
    }

    /** Event loop, once a second: turns the counters into per-second rates. */
    synchronized void roll() {
        long now = System.nanoTime();
        double dt = Math.max(1e-3, (now - lastRollNanos) / 1e9);
        long in = messagesIn.sum();
        long out = messagesOut.sum();
        inPerSecond = (in - lastIn) / dt;
        outPerSecond = (out - lastOut) / dt;
        lastIn = in;
        lastOut = out;
        lastRollNanos = now;
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long meterFramesOut() {
        return meterFramesOut.sum();
    }

    public long oscMalformedCount() {
        return oscMalformed.sum();
    }

    public double inPerSecond() {
        return inPerSecond;
    }

    public double outPerSecond() {
        return outPerSecond;
    }

    /** The most bytes any one WebSocket client had waiting in the server's queue since start. */
    public long maxQueuedBytes() {
        return maxQueuedBytes.get();
    }

    /** Meter frames skipped and changes or touches held back for clients with a full queue, since start. */
    public long heldBackCount() {
        return heldBack.sum();
    }

    public long wsClients() {
        return wsClients.get();
    }

    /** WebSocket connections open now that have not logged in (yet). */
    public void wsWithoutLogin(int n) {
        wsWithoutLogin.set(n);
    }

    public long wsWithoutLogin() {
        return wsWithoutLogin.get();
    }

    public long oscSubscribers() {
        return oscSubscribers.get();
    }

    public long x32Clients() {
        return x32Clients.get();
    }

    /** Errors so far by code, sorted by code. */
    public Map<String, Long> errorsByCode() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long errors(String code) {
        LongAdder a = errors.get(code);
        return a == null ? 0 : a.sum();
    }
}
