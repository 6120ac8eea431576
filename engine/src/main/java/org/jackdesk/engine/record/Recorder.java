package org.jackdesk.engine.record;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jackdesk.config.Layout;
import org.jackdesk.config.ParamRegistry;
import org.jackdesk.config.record.ControlLog;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EnginePorts;
import org.jackdesk.engine.io.BwfWriter;
import org.jackdesk.engine.io.WavException;

/**
 * The multitrack recorder (docs/recording.md): one take at a time into a folder of its own
 * ({@code <root>/<yyyy-MM-dd_HH-mm-ss>/}), one Broadcast Wave file per track — every channel's
 * input before trim ({@code ch01.wav} …, stereo channels as stereo files), main L/R after the main
 * chain ({@code main.wav}), optionally each aux bus ({@code bus01.wav} …) — {@code take.json} and
 * the control log {@code moves.jsonl} (every value the engine applied, at its frame: {@link ControlLog}).
 *
 * <p>The audio thread only copies into the take's preallocated rings ({@link RecordRings}); a disk
 * thread of the take's own drains them in large writes, refreshes every header each second (so a
 * file cut off reads up to there) and finishes the files when the take stops. A write error (a full
 * disk, a removed disk) ends the take on that thread: every file is cut back to the frames all of
 * them hold, finished with a valid header, the manifest says why, and the end listener hears it;
 * the audio thread merely finds the rings closed.
 *
 * <p>Thread: {@link #start}, {@link #stop} and {@link #status} control or worker ({@link #stop}
 * waits for the disk thread: worker); the end listener runs on the take's disk thread.
 */
public final class Recorder {
    /** A file holding {@link #RESERVE_BYTES} for the final take.json until the take ends (docs/recording.md). */
    static final String RESERVE = ".take.json.reserve";
    /** Several times the manifest of a 128-channel take with long names. */
    static final int RESERVE_BYTES = 256 * 1024;

    /** How a take is made. {@code ringSeconds}: how much the disk may fall behind before blocks drop. */
    public record Options(Path root, BwfWriter.Format format, boolean buses, double ringSeconds, long rf64ThresholdBytes) {
        public Options {
            if (root == null) throw new IllegalArgumentException("the recordings folder is not set");
            if (format == null) format = BwfWriter.Format.PCM_24;
            if (!(ringSeconds >= 0.1 && ringSeconds <= 60)) throw new IllegalArgumentException("ringSeconds must be 0.1 .. 60, not " + ringSeconds);
        }

        public Options(Path root) {
            this(root, BwfWriter.Format.PCM_24, false, 2.0, BwfWriter.DEFAULT_RF64_THRESHOLD);
        }

        public Options withFormat(BwfWriter.Format f) {
            return new Options(root, f, buses, ringSeconds, rf64ThresholdBytes);
        }

        public Options withBuses(boolean on) {
            return new Options(root, format, on, ringSeconds, rf64ThresholdBytes);
        }

        public Options withRingSeconds(double s) {
            return new Options(root, format, buses, s, rf64ThresholdBytes);
        }
    }

    /** What a tablet shows. {@code folder} and {@code started} null when nothing ever recorded. */
    public record Status(boolean recording, Path folder, String started, int sampleRate, int tracks, int ports,
                         long frames, long bytes, long droppedBlocks, long droppedFrames, long freeBytes, String endReason) {
    }

    /** How a take ended: {@code failed} false for a stop, true for a write error ({@code reason} says which). */
    public record TakeEnd(Path folder, TakeManifest manifest, boolean failed, String reason) {
    }

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");
    /** Frames per write: large writes, yet a bounded copy per track. */
    private static final int CHUNK = 16_384;
    private static final long FINISH_EVERY_NANOS = 1_000_000_000L;
    /**
     * Every this many header refreshes the files are also synced to the disk: a power cut loses at
     * most the last few seconds, and the sync at the stop has only those seconds left to write
     * (a take of 64 tracks left unsynced for minutes took longer to stop than a test allows).
     */
    private static final int SYNC_EVERY_FINISHES = 5;

    private final Consumer<TakeEnd> onEnd;
    private Take current;
    private Take last;

    /** {@code onEnd} hears every take's end, on the take's disk thread. */
    public Recorder(Consumer<TakeEnd> onEnd) {
        this.onEnd = onEnd == null ? e -> { } : onEnd;
    }

    /**
     * Starts a take of {@code engine} into a new folder under {@code options.root()}: creates the
     * folder, the files and the manifest, attaches the rings and starts the disk thread.
     *
     * @throws IOException with a precise message when a take is running, or the folder or a file
     *                     cannot be created (nothing is attached then; files already made are left
     *                     as empty, valid takes)
     */
    public synchronized TakeManifest start(Engine engine, Options options, String show, String scene) throws IOException {
        if (current != null && current.running()) throw new IOException("already recording into " + current.folder);
        Layout layout = engine.registry().layout();
        int rate = Math.round(engine.sampleRate());
        EnginePorts ports = engine.ports();
        LocalDateTime now = LocalDateTime.now();
        Path folder = uniqueFolder(options.root(), now);
        List<TakeManifest.Track> tracks = new ArrayList<>();
        List<int[]> trackRings = new ArrayList<>();
        List<Integer> srcIn = new ArrayList<>(), srcOut = new ArrayList<>();
        for (int c = 0, in = 0; c < layout.channels().size(); c++) {
            Layout.Channel ch = layout.channels().get(c);
            int n = ch.stereo() ? 2 : 1;
            int[] rings = new int[n];
            for (int k = 0; k < n; k++) {
                rings[k] = srcIn.size();
                srcIn.add(in + k);
                srcOut.add(-1);
            }
            in += n;
            tracks.add(new TakeManifest.Track(String.format("ch%02d.wav", c + 1), "ch/" + (c + 1), ch.name(), n));
            trackRings.add(rings);
        }
        trackRings.add(new int[] {srcIn.size(), srcIn.size() + 1});
        for (int k = 0; k < 2; k++) {
            srcIn.add(-1);
            srcOut.add(k);
        }
        tracks.add(new TakeManifest.Track("main.wav", "main", "Main", 2));
        if (options.buses()) {
            for (int b = 0; b < layout.buses().size(); b++) {
                Layout.Bus bus = layout.buses().get(b);
                int n = bus.stereo() ? 2 : 1;
                int[] rings = new int[n];
                for (int k = 0; k < n; k++) {
                    rings[k] = srcIn.size();
                    srcIn.add(-1);
                    srcOut.add(ports.busOut(b) + k);
                }
                tracks.add(new TakeManifest.Track(String.format("bus%02d.wav", b + 1), "bus/" + (b + 1), bus.name(), n));
                trackRings.add(rings);
            }
        }
        String started = Instant.now().toString();
        TakeManifest manifest = new TakeManifest(started, null, rate,
                options.format() == BwfWriter.Format.FLOAT_32 ? "float32" : "pcm24", show, scene, layout, tracks, 0, 0, 0, null,
                ControlLog.FILE);
        ParamRegistry registry = engine.registry();
        String[] paths = new String[registry.size()];
        for (int s = 0; s < paths.length; s++) paths[s] = registry.get(s).path();
        Files.createDirectories(folder);
        long timeRef = (long) (now.toLocalTime().toSecondOfDay() * (double) rate);
        String date = now.toLocalDate().toString();
        String time = now.toLocalTime().withNano(0).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        BwfWriter[] writers = new BwfWriter[tracks.size()];
        ControlLog.Writer moves = null;
        try {
            moves = new ControlLog.Writer(folder.resolve(ControlLog.FILE));
            for (int t = 0; t < writers.length; t++) {
                TakeManifest.Track tr = tracks.get(t);
                writers[t] = BwfWriter.create(folder.resolve(tr.file()), rate, tr.channels(), options.format(),
                        new BwfWriter.Bext(tr.source() + " " + tr.name(), "jackdesk", date, time, timeRef),
                        Math.min(options.rf64ThresholdBytes(), BwfWriter.DEFAULT_RF64_THRESHOLD));
            }
            manifest.write(folder);
            // Room kept for the final take.json: on a full disk the tracks and the control log take
            // every byte, and the manifest that says how the take ended (written anew, atomically)
            // would not fit. Freed just before that write.
            Files.write(folder.resolve(RESERVE), new byte[RESERVE_BYTES]);
        } catch (WavException | IOException e) {
            for (BwfWriter w : writers) closeQuietly(w);
            closeQuietly(moves);
            throw new IOException("cannot start recording in " + folder + ": " + e.getMessage(), e);
        }
        // Room for a scene recall of every value a few times over before the disk thread drains the moves.
        RecordRings rings = new RecordRings(srcIn.stream().mapToInt(Integer::intValue).toArray(),
                srcOut.stream().mapToInt(Integer::intValue).toArray(), (int) Math.ceil(options.ringSeconds() * rate),
                paths.length, Math.max(1 << 16, 4 * paths.length));
        float[][][] views = new float[writers.length][][];
        for (int t = 0; t < views.length; t++) {
            int[] r = trackRings.get(t);
            views[t] = new float[r.length][];
            for (int k = 0; k < r.length; k++) views[t][k] = rings.ring[r[k]];
        }
        RecordTap tap = engine.recordTap();
        if (!tap.attach(rings)) {
            for (BwfWriter w : writers) closeQuietly(w);
            closeQuietly(moves);
            throw new IOException("the engine is already recording");
        }
        Take take = new Take(folder, manifest, tap, rings, writers, views, onEnd,
                new MoveWriter(moves, paths, rate, engine.threading().groups()));
        current = take;
        last = take;
        take.thread.start();
        return manifest;
    }

    /**
     * Stops the running take: the audio thread stops copying at its next cycle, the disk thread
     * writes what the rings hold, finishes every file and the manifest. Returns the final manifest
     * (null when nothing was recording, also when the take had already ended on a write error:
     * {@link #status()} tells how). Thread: worker (waits for the disk).
     */
    public TakeManifest stop() throws InterruptedException {
        Take t;
        synchronized (this) {
            t = current;
            current = null;
        }
        if (t == null || !t.running()) return null;
        t.stopRequested = true;
        LockSupport.unpark(t.thread);
        t.thread.join(TimeUnit.MINUTES.toMillis(2));
        return t.finalManifest;
    }

    /**
     * How the running (or last) take's disk thread is scheduled: "SCHED_FIFO 1", or "normal
     * priority (why)"; null before its thread ran. Thread: any.
     */
    public synchronized String diskScheduling() {
        Take t = last;
        return t == null ? null : t.scheduling;
    }

    /**
     * The running take's figures, or the last take's; {@code freeBytes} is -1 (asking the disk is
     * {@link #freeBytes}'s job). Thread: any, never blocks.
     */
    public synchronized Status status() {
        Take t = last;
        if (t == null) return new Status(false, null, null, 0, 0, 0, 0, 0, 0, 0, -1, null);
        long free = -1;
        return new Status(t.running(), t.folder, t.manifest.started(), t.manifest.sampleRate(), t.writers.length,
                t.rings.ring.length, t.framesOnDisk, t.bytes, t.rings.droppedBlocks.get(), t.rings.droppedFrames.get(), free,
                t.finalManifest == null ? null : t.finalManifest.endReason());
    }

    /**
     * The running take's disk thread id, 0 when no take runs: for measuring its CPU time
     * ({@code bench record}). Thread: any, never blocks.
     */
    public synchronized long diskThreadId() {
        Take t = current;
        return t == null || !t.running() ? 0 : t.thread.getId();
    }

    /** Usable bytes on the disk holding {@code dir} (or its nearest existing parent), -1 if unknown. Thread: worker (asks the disk). */
    public static long freeBytes(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) continue;
            try {
                FileStore store = Files.getFileStore(p);
                return store.getUsableSpace();
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }

    private static Path uniqueFolder(Path root, LocalDateTime now) {
        String base = now.format(FOLDER);
        Path p = root.resolve(base);
        for (int k = 2; Files.exists(p); k++) p = root.resolve(base + "-" + k);
        return p;
    }

    private static void closeQuietly(ControlLog.Writer w) {
        if (w == null) return;
        try {
            w.close();
        } catch (IOException ignored) {
            // starting failed already; that error is the one reported
        }
    }

    /**
     * The disk thread's side of the control log: writes the header and the starting state once the
     * audio thread has taken it, then drains the moves, one line per cycle that applied something.
     */
    private static final class MoveWriter {
        final ControlLog.Writer out;
        final String[] paths;
        final int sampleRate;
        final int stripGroups;
        final String[] cyclePaths;
        final float[] cycleValues;
        boolean started;
        long done;

        MoveWriter(ControlLog.Writer out, String[] paths, int sampleRate, int stripGroups) {
            this.out = out;
            this.paths = paths;
            this.sampleRate = sampleRate;
            this.stripGroups = stripGroups;
            this.cyclePaths = new String[paths.length];
            this.cycleValues = new float[paths.length];
        }

        /** Writes what the audio thread logged so far. */
        void drain(RecordRings rings) throws IOException {
            if (!started) {
                int period = rings.startCycleFrames;
                if (period == 0) return; // no cycle yet: no state, no moves
                out.header(new ControlLog.Header(sampleRate, period, stripGroups));
                out.state(0, paths, rings.startState);
                started = true;
            }
            long end = rings.movesWritten.get();
            int mask = rings.moveCapacity - 1;
            long frame = -1;
            int n = 0;
            EngineCommand[] commands = EngineCommand.values();
            for (; done < end; done++) {
                int i = (int) (done & mask);
                long f = rings.moveFrame[i], e = rings.moveEntry[i];
                int key = (int) (e >> 32);
                if (n > 0 && (f != frame || key < 0 || n == cyclePaths.length)) {
                    out.set(frame, cyclePaths, cycleValues, n);
                    n = 0;
                }
                if (key < 0) {
                    out.command(f, commands[-1 - key].name());
                    continue;
                }
                frame = f;
                cyclePaths[n] = paths[key];
                cycleValues[n++] = Float.intBitsToFloat((int) e);
            }
            if (n > 0) out.set(frame, cyclePaths, cycleValues, n);
            rings.movesConsumed.lazySet(done);
        }

        /** The last moves and the end line. */
        void finish(RecordRings rings, long frames) throws IOException {
            drain(rings);
            if (started) out.end(new ControlLog.End(frames, done, rings.movesLost.get()));
            out.close();
        }
    }

    private static void closeQuietly(BwfWriter w) {
        if (w == null) return;
        try {
            w.close();
        } catch (WavException ignored) {
            // starting failed already; that error is the one reported
        }
    }

    /** One take: its files and its disk thread. */
    private static final class Take implements Runnable {
        final Path folder;
        final TakeManifest manifest;
        final RecordTap tap;
        final RecordRings rings;
        final BwfWriter[] writers;
        final float[][][] views;
        final Consumer<TakeEnd> onEnd;
        final MoveWriter moves;
        final Thread thread;
        volatile boolean stopRequested;
        volatile boolean done;
        volatile long framesOnDisk;
        volatile long bytes;
        volatile TakeManifest finalManifest;
        /** How the disk thread is scheduled ({@link org.jackdesk.engine.RealtimeThreads#diskThread}); null until it runs. */
        volatile String scheduling;

        Take(Path folder, TakeManifest manifest, RecordTap tap, RecordRings rings, BwfWriter[] writers, float[][][] views,
             Consumer<TakeEnd> onEnd, MoveWriter moves) {
            this.moves = moves;
            this.folder = folder;
            this.manifest = manifest;
            this.tap = tap;
            this.rings = rings;
            this.writers = writers;
            this.views = views;
            this.onEnd = onEnd;
            this.thread = new Thread(this, "jackdesk-recorder");
            thread.setDaemon(true);
        }

        boolean running() {
            return !done;
        }

        @Override
        public void run() {
            scheduling = org.jackdesk.engine.RealtimeThreads.diskThread();
            long consumed = 0;
            long lastFinish = System.nanoTime();
            int finishes = 0;
            String failure = null;
            try {
                boolean detached = false;
                while (true) {
                    if (stopRequested && !detached) {
                        // Detach first, then drain: a disk that never catches up (the audio thread
                        // producing as fast as it writes) must not keep a stop waiting forever. The
                        // audio thread may be inside a cycle that read the rings before they closed:
                        // give it a few periods to publish; what is then in the rings is written.
                        tap.detach(rings);
                        LockSupport.parkNanos(50_000_000L);
                        detached = true;
                    }
                    if (System.nanoTime() - lastFinish > FINISH_EVERY_NANOS) {
                        // whether the disk is behind or idle: a file cut off reads up to here
                        boolean sync = ++finishes % SYNC_EVERY_FINISHES == 0;
                        for (BwfWriter w : writers) w.finish(sync);
                        moves.out.flush();
                        lastFinish = System.nanoTime();
                    }
                    moves.drain(rings);
                    long avail = rings.written.get() - consumed;
                    if (avail == 0) {
                        if (detached) break;
                        if (rings.engineGone) {
                            failure = "the audio engine was rebuilt or stopped (JACK's sample rate or buffer size changed, or"
                                    + " the console stopped): the take ends here; start a new one";
                            break;
                        }
                        LockSupport.parkNanos(10_000_000L);
                        continue;
                    }
                    int at = (int) (consumed & (rings.capacity - 1));
                    int n = (int) Math.min(Math.min(avail, CHUNK), rings.capacity - at);
                    long b = 0;
                    for (int t = 0; t < writers.length; t++) {
                        writers[t].write(views[t], at, n);
                        b += writers[t].dataBytes();
                    }
                    consumed += n;
                    rings.consumed.lazySet(consumed);
                    framesOnDisk = consumed;
                    bytes = b;
                }
            } catch (WavException e) {
                failure = describe(e);
            } catch (IOException e) {
                failure = describe(moves.out.file(), e);
            } catch (RuntimeException e) {
                failure = "recorder error: " + e;
            }
            tap.detach(rings);
            finishTake(consumed, failure);
        }

        private static String describe(WavException e) {
            Throwable c = e.getCause();
            String m = c != null && c.getMessage() != null ? c.getMessage() : e.reason();
            if (m.contains("No space left")) return "disk full (" + e.file().getFileName() + ": " + m + ")";
            return "write error (" + e.file().getFileName() + ": " + m + ")";
        }

        private static String describe(Path file, IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No space left")) return "disk full (" + file.getFileName() + ": " + m + ")";
            return "write error (" + file.getFileName() + ": " + m + ")";
        }

        /** Cuts every file back to the frames all of them hold, finishes them and the manifest. */
        private void finishTake(long consumed, String failure) {
            long frames = consumed;
            for (BwfWriter w : writers) frames = Math.min(frames, w.framesWritten());
            String problems = "";
            for (BwfWriter w : writers) {
                try {
                    if (failure != null) w.truncateToFrames(frames);
                    w.close();
                } catch (WavException e) {
                    problems += "; " + e.getMessage();
                }
            }
            try {
                moves.finish(rings, frames);
            } catch (IOException | RuntimeException e) {
                problems += "; " + describe(moves.out.file(), e instanceof IOException io ? io : new IOException(e.toString()));
                closeQuietly(moves.out);
            }
            long b = 0;
            for (BwfWriter w : writers) b += w.dataBytes();
            bytes = b;
            framesOnDisk = frames;
            String reason = failure == null ? "stopped" : failure;
            TakeManifest m = manifest.ended(Instant.now().toString(), frames, rings.droppedBlocks.get(), rings.droppedFrames.get(),
                    reason + problems);
            try {
                Files.deleteIfExists(folder.resolve(RESERVE));
            } catch (IOException ignored) {
                // the write below says whether there was room
            }
            try {
                m.write(folder);
            } catch (IOException e) {
                m = m.ended(m.ended(), frames, m.droppedBlocks(), m.droppedFrames(),
                        m.endReason() + "; take.json not updated: " + e.getMessage());
            }
            finalManifest = m;
            done = true;
            try {
                onEnd.accept(new TakeEnd(folder, m, failure != null, m.endReason()));
            } catch (RuntimeException ignored) {
                // a listener's failure must not hide the take's end from status()
            }
        }
    }
}
