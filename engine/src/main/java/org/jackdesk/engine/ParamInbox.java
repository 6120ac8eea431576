package org.jackdesk.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import org.jackdesk.config.ChannelLinks;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamDef;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.engine.record.RecordTap;
import org.jctools.queues.MpscArrayQueue;

/**
 * The engine's mailbox from the control plane: one float target per registry slot and a bounded
 * queue of discrete commands.
 *
 * <p>Protocol: a writer stores the target with release semantics, then bumps the version of the
 * slot's owner (its strip, or {@link #global()} for buses, main, DCAs, mute groups and the monitor)
 * and the overall version. The audio thread reads the overall version once per cycle ({@link
 * #takeChanged}); that volatile read orders its later plain reads of {@link #targets()} after the
 * release-stores, and the per-owner versions ({@link #takeOwnerChanged}) let it pull only the
 * strips whose parameters moved. Last write wins; nothing blocks.
 *
 * <p>The audio thread works on its own copy, {@link #targets()}: {@link #takeChanged} copies the
 * slots of every owner whose version moved into it, so every reader of a cycle sees one set of
 * values, and the values that changed are exactly the ones copied — which a running take's control
 * log records there, at the frame where they apply (docs/recording.md). Commands go through a JCTools
 * {@link MpscArrayQueue} (many control threads, one audio consumer); a full queue is reported to
 * the caller, never spun on.
 */
final class ParamInbox {
    private static final VarHandle FLOATS = MethodHandles.arrayElementVarHandle(float[].class);

    private final float[] targets;
    /** The values the audio thread applies: {@link #targets} as of its last {@link #takeChanged}. */
    private final float[] applied;
    private final AtomicInteger version = new AtomicInteger();
    private int seenVersion;
    /** Per slot: the strip it belongs to, or {@link #global} (buses, main, DCAs, groups, monitor). */
    private final int[] slotOwner;
    /** Per strip, and one more for the globals: bumped by every write of one of its slots. */
    private final AtomicInteger[] ownerVersion;
    private final int[] seenOwnerVersion;
    /** Per owner: its slots, in slot order. */
    private final int[][] ownerSlots;
    /** Per owner: whether the last {@link #takeChanged} copied a new version of its slots (audio thread). */
    private final boolean[] ownerChanged;
    private final int global;
    private final MpscArrayQueue<EngineCommand> commands = new MpscArrayQueue<>(64);

    /** Thread: control or worker (allocates). */
    ParamInbox(ParamRegistry registry, int strips, double[] initialValues) {
        // Loaded and initialized here, off the audio thread. Until a command is sent nothing else
        // loads it, and C2 compiles poll()'s cast of its (null) result as a trap for the unloaded
        // class: the trap then loaded it on the audio thread mid-run, 8 096 bytes allocated there
        // and the class loader's lock taken (EngineThreadingTest's allocation check, run alone,
        // failed 3 times in 8 with the class loaded inside its measured window: -Xlog:class+load).
        EngineCommand.values();
        targets = new float[registry.size()];
        for (int s = 0; s < targets.length; s++) targets[s] = (float) initialValues[s];
        global = strips;
        slotOwner = new int[registry.size()];
        for (Param p : registry.all()) {
            // A stereo link flag is read by both strips of its pair (ChannelStrip): a global, so a
            // change pulls every strip, the partner included. Links change rarely.
            boolean strip = p.def().root() == ParamDef.Root.CH && !p.def().template().equals(ChannelLinks.TEMPLATE);
            slotOwner[p.slot()] = strip ? p.index() - 1 : global;
        }
        // AtomicInteger (Unsafe-based), not AtomicIntegerArray (VarHandle-based): a VarHandle's
        // invoker can be re-spun lazily at run time, which allocates on the calling (audio) thread.
        ownerVersion = new AtomicInteger[strips + 1];
        for (int i = 0; i < ownerVersion.length; i++) ownerVersion[i] = new AtomicInteger();
        seenOwnerVersion = new int[strips + 1];
        ownerChanged = new boolean[strips + 1];
        int[] count = new int[strips + 1];
        for (int s = 0; s < slotOwner.length; s++) count[slotOwner[s]]++;
        ownerSlots = new int[strips + 1][];
        for (int o = 0; o < ownerSlots.length; o++) ownerSlots[o] = new int[count[o]];
        java.util.Arrays.fill(count, 0);
        for (int s = 0; s < slotOwner.length; s++) ownerSlots[slotOwner[s]][count[slotOwner[s]]++] = s;
        applied = targets.clone();
        seenVersion = version.get();
    }

    /** Stores a target and announces it. Thread: any non-audio thread. */
    void set(int slot, double value) {
        FLOATS.setRelease(targets, slot, (float) value);
        ownerVersion[slotOwner[slot]].incrementAndGet();
        version.incrementAndGet();
    }

    /** Queues a command; false when the queue is full. Thread: any non-audio thread. */
    boolean offer(EngineCommand c) {
        return commands.offer(c);
    }

    /** The next queued command, or null. Thread: audio. */
    EngineCommand poll() {
        return commands.relaxedPoll();
    }

    /** The latest target of {@code slot} (acquire read). Thread: any. */
    float acquire(int slot) {
        return (float) FLOATS.getAcquire(targets, slot);
    }

    /**
     * True, once, when any target was written since the last call: then the slots of every owner
     * whose version moved are copied into {@link #targets()}, each value that differs from the one
     * applied so far handed to {@code log} (a running take's control log; null: none). Thread: audio.
     */
    boolean takeChanged(RecordTap log) {
        int v = version.get();
        if (v == seenVersion) return false;
        seenVersion = v;
        float[] t = targets, a = applied;
        for (int o = 0; o < ownerSlots.length; o++) {
            // The volatile read of the owner's version orders the plain reads of its targets after
            // the release-stores that preceded the increment.
            int ov = ownerVersion[o].get();
            if (ov == seenOwnerVersion[o]) continue;
            seenOwnerVersion[o] = ov;
            ownerChanged[o] = true;
            int[] slots = ownerSlots[o];
            for (int k = 0; k < slots.length; k++) {
                int s = slots[k];
                float x = t[s];
                if (Float.floatToRawIntBits(x) == Float.floatToRawIntBits(a[s])) continue;
                a[s] = x;
                if (log != null) log.logParam(s, x);
            }
        }
        return true;
    }

    /**
     * The values applied, for plain reads after {@link #takeChanged} (or at construction). Thread:
     * audio, or the constructing thread before the engine runs.
     */
    float[] targets() {
        return applied;
    }

    /** True when the last {@link #takeChanged} brought new values of {@code owner}'s slots; clears it. Thread: audio. */
    boolean takeOwnerChanged(int owner) {
        if (!ownerChanged[owner]) return false;
        ownerChanged[owner] = false;
        return true;
    }

    /** The owner index of the global slots (one past the last strip). */
    int global() {
        return global;
    }
}
