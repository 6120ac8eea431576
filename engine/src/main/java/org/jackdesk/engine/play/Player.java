package org.jackdesk.engine.play;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jackdesk.config.Layout;
import org.jackdesk.config.record.TakeManifest;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.io.WavException;
import org.jackdesk.engine.io.WavReader;

/**
 * The take player (docs/recording.md#playback): loads a recorded take's channel tracks, reads them
 * ahead on a disk thread of its own into preallocated rings ({@link PlayRings}) and hands them to
 * the engine's input stage ({@link PlaybackTap}), which puts them into the inputs of the channels
 * on playback. Each {@code ch/N} track plays into channel N (a mono track into both sides of a
 * stereo channel, a stereo track's left side into a mono channel); main and bus tracks are not read.
 *
 * <p>Transport: {@link #play} and {@link #stop} are one volatile flag the audio thread reads at its
 * next cycle; {@link #locate} and {@link #loop} are handed to the disk thread, which throws the
 * read-ahead away where it must (a locate; a loop whose end the read-ahead already passed), refills
 * and plays on. A loop is read by the disk thread itself (at the loop's end it reads on from its
 * start), so the rings carry the looped stream and the wrap is sample-exact. An underrun (the disk
 * thread fell behind) plays silence and is counted; the end of the take stops the transport.
 *
 * <p>Thread: {@link #play}, {@link #stop}, {@link #locate}, {@link #loop} and {@link #status}
 * control (none blocks); {@link #load} and {@link #unload} worker (they open files and join the
 * disk thread).
 */
public final class Player {
    /** How a take is played. {@code ringSeconds}: how much is read ahead; {@code primeFrames}: what must be read before playing starts. */
    public record Options(double ringSeconds, int primeFrames) {
        public Options {
            if (!(ringSeconds >= 0.05 && ringSeconds <= 30)) throw new IllegalArgumentException("ringSeconds must be 0.05 .. 30, not " + ringSeconds);
            if (primeFrames < 1) throw new IllegalArgumentException("primeFrames must be positive, not " + primeFrames);
        }

        public static final Options DEFAULT = new Options(2.0, 8192);
    }

    /**
     * What a tablet shows. {@code position} is the file frame that plays next; {@code loopStart}
     * and {@code loopEnd} frames (end exclusive); {@code channels} the channel numbers with a track;
     * {@code ready} false while the read-ahead refills (after a load or a locate: silence, not an
     * underrun); {@code error} why the last take was unloaded (null: by request, or none).
     */
    public record Status(boolean loaded, Path folder, int sampleRate, long frames, long position, boolean playing, boolean ready,
                         boolean atEnd, boolean looping, long loopStart, long loopEnd, List<Integer> channels,
                         long underruns, long underrunFrames, long bufferedFrames, String error) {
    }

    /** Frames per read: large reads, yet a bounded copy per track. */
    private static final int CHUNK = 16_384;
    /** The shortest loop: shorter ones would keep the disk thread seeking. */
    public static final double MIN_LOOP_SECONDS = 0.05;

    private volatile Loaded current;
    private volatile String lastError;
    /**
     * Orders play, stop, locate, loop and the disk thread's stop at the end. Not the player's own
     * monitor: {@link #unload} holds that while it joins the disk thread.
     */
    private final Object transport = new Object();

    /**
     * Loads the take in {@code folder} onto {@code engine} (unloading the one before): reads its
     * manifest, opens its channel tracks, preallocates the rings, attaches them and starts the disk
     * thread. The transport is stopped at frame 0. Thread: worker.
     *
     * @throws IOException with a precise message (which file, which field) when the take cannot
     *                     play on this engine; the take before stays unloaded then
     */
    public synchronized Status load(Engine engine, Path folder, Options options) throws IOException {
        unloadLocked(null);
        TakeManifest m = TakeManifest.read(folder);
        int rate = Math.round(engine.sampleRate());
        if (m.sampleRate() != rate) {
            throw new IOException(folder.resolve(TakeManifest.FILE) + ": the take is at " + m.sampleRate()
                    + " Hz and the console runs at " + rate + " Hz; play it on a console at " + m.sampleRate() + " Hz");
        }
        Layout layout = engine.registry().layout();
        int channels = layout.channels().size();
        int[] firstInput = new int[channels];
        for (int c = 0, in = 0; c < channels; c++) {
            firstInput[c] = in;
            in += layout.channels().get(c).stereo() ? 2 : 1;
        }
        int[] inputRing = new int[layout.inputCount()];
        java.util.Arrays.fill(inputRing, -1);
        boolean[] hasTrack = new boolean[channels];
        List<WavReader> readers = new ArrayList<>();
        List<int[]> trackRings = new ArrayList<>();
        List<Integer> played = new ArrayList<>();
        int rings = 0;
        long frames = Long.MAX_VALUE;
        try {
            for (TakeManifest.Track t : m.tracks()) {
                int ch = channelOf(t.source());
                if (ch < 1 || ch > channels || hasTrack[ch - 1]) continue; // main, buses, channels this console has not
                WavReader r = WavReader.open(folder.resolve(t.file()));
                readers.add(r);
                if (r.sampleRate() != rate) {
                    throw new IOException(r.file() + ": " + r.sampleRate() + " Hz, but the console runs at " + rate + " Hz");
                }
                int[] own = new int[r.channels()];
                for (int k = 0; k < own.length; k++) own[k] = rings++;
                trackRings.add(own);
                int ins = layout.channels().get(ch - 1).stereo() ? 2 : 1;
                for (int k = 0; k < ins; k++) inputRing[firstInput[ch - 1] + k] = own[Math.min(k, own.length - 1)];
                hasTrack[ch - 1] = true;
                played.add(ch);
                frames = Math.min(frames, r.frames());
            }
            if (readers.isEmpty()) {
                throw new IOException(folder + ": the take has no channel track this console can play (its tracks: "
                        + m.tracks().stream().map(TakeManifest.Track::source).toList() + "; the console has " + channels + " channels)");
            }
        } catch (WavException e) {
            readers.forEach(WavReader::close);
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            readers.forEach(WavReader::close);
            throw e;
        }
        PlayRings pr = new PlayRings(rings, (int) Math.ceil(options.ringSeconds() * rate), inputRing, hasTrack);
        float[][][] views = new float[readers.size()][][];
        for (int t = 0; t < views.length; t++) {
            int[] own = trackRings.get(t);
            views[t] = new float[own.length][];
            for (int k = 0; k < own.length; k++) views[t][k] = pr.ring[own[k]];
        }
        PlaybackTap tap = engine.playbackTap();
        if (!tap.attach(pr)) {
            readers.forEach(WavReader::close);
            throw new IOException("the engine is already playing a take");
        }
        Loaded l = new Loaded(folder, m.sampleRate(), frames, tap, pr, readers.toArray(WavReader[]::new), views,
                List.copyOf(played), Math.min(options.primeFrames(), pr.capacity / 2));
        current = l;
        lastError = null;
        l.thread.start();
        return status();
    }

    private static int channelOf(String source) {
        if (source == null || !source.startsWith("ch/")) return -1;
        try {
            return Integer.parseInt(source.substring(3));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Unloads the take (its channels on playback play silence). Thread: worker (joins the disk thread). */
    public synchronized void unload() {
        unloadLocked(null);
    }

    private void unloadLocked(String why) {
        Loaded l = current;
        current = null;
        if (l == null) return;
        l.quit = true;
        LockSupport.unpark(l.thread);
        try {
            l.thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        l.close();
        if (why != null) lastError = why;
    }

    /** Starts playing (from the start of the take, or of the loop, when it stood at the end). Thread: any. */
    public void play() throws IOException {
        synchronized (transport) {
            Loaded l = loaded();
            if (l.rings.atEnd) l.requestLocate(l.looping ? l.loopStart : 0);
            l.rings.playing = true;
        }
    }

    /** Stops where it is. Thread: any. */
    public void stop() throws IOException {
        synchronized (transport) {
            loaded().rings.playing = false;
        }
    }

    /**
     * Moves to {@code frame} (clamped to the take): the read-ahead is thrown away and refilled;
     * playing goes on from there. Thread: any.
     */
    public void locate(long frame) throws IOException {
        synchronized (transport) {
            Loaded l = loaded();
            l.requestLocate(Math.max(0, Math.min(frame, l.frames)));
        }
    }

    /**
     * Loops {@code [startFrame, endFrame)} ({@code on} false: no loop, the arguments are ignored).
     * Thread: any.
     *
     * @throws IllegalArgumentException when the region is outside the take or shorter than {@link #MIN_LOOP_SECONDS}
     */
    public void loop(boolean on, long startFrame, long endFrame) throws IOException {
        Loaded l = loaded();
        if (on) {
            long min = (long) Math.ceil(MIN_LOOP_SECONDS * l.sampleRate);
            if (startFrame < 0 || endFrame > l.frames || endFrame - startFrame < min) {
                throw new IllegalArgumentException("a loop is a region of the take (0 .. " + l.frames + " frames) at least "
                        + MIN_LOOP_SECONDS + " s (" + min + " frames) long, not " + startFrame + " .. " + endFrame);
            }
        }
        synchronized (transport) {
            l.requestLoop(on, startFrame, endFrame);
        }
    }

    private Loaded loaded() throws IOException {
        Loaded l = current;
        if (l == null || l.done) {
            String e = lastError;
            throw new IOException("no take is loaded" + (e != null ? " (" + e + ")" : "") + "; load one first");
        }
        return l;
    }

    /** The loaded take's figures (or why the last one was unloaded). Thread: any, never blocks on the disk. */
    public Status status() {
        Loaded l = current;
        if (l == null || l.done) {
            return new Status(false, null, 0, 0, 0, false, false, false, false, 0, 0, List.of(), 0, 0, 0, l != null && l.done ? l.error : lastError);
        }
        PlayRings r = l.rings;
        return new Status(true, l.folder, l.sampleRate, l.frames, l.position(), r.playing, r.primed, r.atEnd, l.looping, l.loopStart,
                l.loopEnd, l.channels, r.underruns.get(), r.underrunFrames.get(), r.written.get() - r.consumed.get(), null);
    }

    /**
     * How the loaded take's disk thread (the read-ahead) is scheduled: "SCHED_FIFO 1", or "normal
     * priority (why)", as {@link org.jackdesk.engine.record.Recorder#diskScheduling} says the
     * recorder's; null when no take is loaded or before its thread ran. Thread: any, never blocks.
     */
    public String diskScheduling() {
        Loaded l = current;
        return l == null ? null : l.scheduling;
    }

    /** Holds the disk thread (reads nothing while held): a slow disk, for the underrun test. */
    void holdDisk(boolean on) {
        Loaded l = current;
        if (l != null) {
            l.held = on;
            LockSupport.unpark(l.thread);
        }
    }

    /**
     * True when the disk thread has carried out every locate and loop change asked so far and the
     * read-ahead is filled (the tests wait for it, running cycles, before they measure).
     */
    boolean settled() {
        Loaded l = current;
        return l != null && !l.done && l.handled == l.requests.get() && l.rings.primed;
    }

    /** One loaded take: its files, rings and disk thread. */
    private final class Loaded implements Runnable {
        final Path folder;
        final int sampleRate;
        final long frames;
        final PlaybackTap tap;
        final PlayRings rings;
        final WavReader[] readers;
        final float[][][] views;
        final List<Integer> channels;
        final int primeFrames;
        final Thread thread;
        final AtomicLong pendingLocate = new AtomicLong(-1);
        /** The loop as control last set it; {@link #loopVersion} tells the disk thread it changed. */
        volatile boolean looping;
        volatile long loopStart, loopEnd;
        final AtomicLong loopVersion = new AtomicLong();
        volatile boolean quit, held, done;
        /** Requests made (locate, loop) and carried out: {@link #settled}. */
        final AtomicLong requests = new AtomicLong();
        volatile long handled;
        volatile String error;
        /** How the disk thread is scheduled ({@link org.jackdesk.engine.RealtimeThreads#diskThread}); null until it runs. */
        volatile String scheduling;
        /** Disk thread: the file frame read next; the position shown while the rings refill. */
        private long readPos;
        private volatile long refillPosition;

        Loaded(Path folder, int sampleRate, long frames, PlaybackTap tap, PlayRings rings, WavReader[] readers, float[][][] views,
               List<Integer> channels, int primeFrames) {
            this.folder = folder;
            this.sampleRate = sampleRate;
            this.frames = frames;
            this.tap = tap;
            this.rings = rings;
            this.readers = readers;
            this.views = views;
            this.channels = channels;
            this.primeFrames = primeFrames;
            this.thread = new Thread(this, "jackdesk-player");
            thread.setDaemon(true);
        }

        void requestLocate(long frame) {
            pendingLocate.set(frame);
            requests.incrementAndGet();
            LockSupport.unpark(thread);
        }

        void requestLoop(boolean on, long start, long end) {
            loopStart = start;
            loopEnd = end;
            looping = on;
            loopVersion.incrementAndGet();
            requests.incrementAndGet();
            LockSupport.unpark(thread);
        }

        /** The file frame that plays next. Thread: any (a display value: exact while stopped). */
        long position() {
            PlayRings r = rings;
            if (!r.primed) return refillPosition;
            long c = r.consumed.get(), w = r.written.get();
            if (c < w) return r.framePos[(int) (c & r.mask)];
            return w == 0 ? refillPosition : r.framePos[(int) ((w - 1) & r.mask)] + 1;
        }

        @Override
        public void run() {
            // read-ahead over everything but the audio and worker threads; the outcome kept for diskScheduling()
            scheduling = org.jackdesk.engine.RealtimeThreads.diskThread();
            long seenLoop = -1; // not loopVersion.get(): a loop set before this thread ran must still be seen
            boolean loopOn = false;
            long ls = 0, le = 0;
            try {
                seekAll(0);
                while (!quit) {
                    if (rings.engineGone) {
                        error = "the audio engine was rebuilt or stopped (JACK's sample rate or buffer size changed, or the"
                                + " console stopped): load the take again";
                        break;
                    }
                    long req = requests.get();
                    long loc = pendingLocate.getAndSet(-1);
                    long lv = loopVersion.get();
                    boolean flush = loc >= 0;
                    long target = loc;
                    if (lv != seenLoop) {
                        seenLoop = lv;
                        boolean on = looping;
                        long s = loopStart, e = loopEnd;
                        long play = position();
                        long buffered = rings.written.get() - rings.consumed.get();
                        // The read-ahead must be thrown away when it already holds a wrap (not the
                        // file's frames in order), or ran past the new loop's end from before it.
                        boolean contiguous = readPos - play == buffered;
                        // A take read to its end before the loop came: the audio thread may already
                        // have taken that end for the take's (and stop there), so start over from here.
                        if (!flush && (!contiguous || (on && play <= e && readPos > e) || (on && rings.endOfTake))) {
                            flush = true;
                            target = -1; // where the audio thread stands
                        }
                        loopOn = on;
                        ls = s;
                        le = e;
                    }
                    if (flush && !flush(target)) continue;
                    handled = req;
                    synchronized (transport) {
                        if (rings.atEnd && rings.playing && pendingLocate.get() < 0) rings.playing = false;
                    }
                    if (held) {
                        LockSupport.parkNanos(2_000_000L);
                        continue;
                    }
                    if (!fill(loopOn, ls, le)) LockSupport.parkNanos(2_000_000L);
                }
            } catch (WavException e) {
                error = "read error (" + e.file().getFileName() + ": " + e.getMessage() + "): the take was unloaded";
            } catch (RuntimeException e) {
                error = "player error: " + e + ": the take was unloaded";
            }
            tap.detach(rings);
            if (error != null) lastError = error;
            done = true;
        }

        /**
         * Throws the read-ahead away and goes on from {@code target} (-1: the frame the audio thread
         * was about to play). False when the handshake could not finish (quit, engine gone: the loop
         * checks those). Thread: disk.
         */
        private boolean flush(long target) throws WavException {
            refillPosition = target >= 0 ? target : position();
            rings.primed = false;
            int req = rings.flushRequest.incrementAndGet();
            while (rings.flushAck.get() != req) {
                if (quit || rings.engineGone) return false;
                LockSupport.parkNanos(1_000_000L); // the audio thread answers at its next cycle
            }
            long at = target >= 0 ? target : rings.flushPosition >= 0 ? rings.flushPosition : refillPosition;
            refillPosition = at;
            rings.atEnd = false;
            rings.endOfTake = false;
            seekAll(at);
            return true;
        }

        private void seekAll(long frame) {
            readPos = frame;
            for (WavReader r : readers) r.seek(frame);
        }

        /** Reads one chunk into the rings if there is room; false when there was nothing to do. Thread: disk. */
        private boolean fill(boolean loopOn, long ls, long le) throws WavException {
            long w = rings.written.get();
            long space = rings.capacity - (w - rings.consumed.get());
            boolean inLoop = loopOn && readPos <= le;
            long end = inLoop ? le : frames;
            if (readPos >= end) {
                if (inLoop) {
                    seekAll(ls);
                    return true;
                }
                rings.endOfTake = true;
                rings.primed = true; // a take shorter than the prime plays what it has
                return false;
            }
            if (space < Math.min(Math.min(CHUNK, rings.capacity / 4), end - readPos)) return false;
            int at = (int) (w & rings.mask);
            int n = (int) Math.min(Math.min(space, CHUNK), Math.min(rings.capacity - at, end - readPos));
            for (int t = 0; t < readers.length; t++) {
                int got = readers[t].read(views[t], at, n);
                for (float[] v : views[t]) if (got < n) java.util.Arrays.fill(v, at + got, at + n, 0f);
            }
            for (int k = 0; k < n; k++) rings.framePos[at + k] = readPos + k;
            readPos += n;
            rings.written.lazySet(w + n);
            if (!rings.primed && (w + n - rings.consumed.get() >= primeFrames)) rings.primed = true;
            return true;
        }

        void close() {
            tap.detach(rings);
            for (WavReader r : readers) r.close();
        }
    }
}
