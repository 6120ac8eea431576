package org.jackdesk.config.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jackdesk.config.ConfigJson;
import org.jackdesk.config.show.Show;

/**
 * Saves the live show within a second of the last change, on a worker, without ever writing on
 * the thread that reports the change. Debounced: a save happens {@link #QUIET_MS} after the last
 * change, but no later than {@link #MAX_DELAY_MS} after the first unsaved one (a fader that never
 * stops moving is still saved). A failed save (full disk, permission, read-only) is reported
 * through {@link Status}, the previous file stays intact ({@link AtomicFile}), and the save is
 * retried every {@link #RETRY_MS} until it succeeds.
 *
 * <p>It starts no threads: the caller gives it an {@link Executor} for the disk work (a worker
 * pool) and a {@link Scheduler} for the delays (Vert.x {@code setTimer}, or a scheduled executor).
 * Thread: {@link #changed()} may be called from any thread, including inside a ConsoleState listener.
 */
public final class Autosaver {
    public static final long QUIET_MS = 300;
    public static final long MAX_DELAY_MS = 800;
    public static final long RETRY_MS = 2000;

    /** Runs {@code task} once after {@code delayMs}. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(long delayMs, Runnable task);
    }

    /** Where save outcomes go (the server shows failures to every client). Called on the worker. */
    public interface Status {
        /** @param message what happened and what it means, for a person */
        void saveFailed(Path file, IOException cause, String message);

        /** A save succeeded after one or more failures. */
        void saveRecovered(Path file);

        /** Every successful save, with the number of changes it includes (counting from 1). */
        default void saved(Path file, long changesIncluded) {}
    }

    private final Path file;
    private final Supplier<Show> snapshot;
    private final Executor worker;
    private final Scheduler scheduler;
    private final LongSupplier clockMs;
    private final Status status;

    private long changes;
    private long savedChanges;
    private long firstUnsavedMs;
    private long lastChangeMs;
    private boolean timerPending;
    private boolean saving;
    private boolean failing;
    private boolean closed;

    /**
     * @param snapshot called on the worker; must be safe there ({@code SceneManager::toShow} is)
     */
    public Autosaver(Path file, Supplier<Show> snapshot, Executor worker, Scheduler scheduler, LongSupplier clockMs, Status status) {
        this.file = file;
        this.snapshot = snapshot;
        this.worker = worker;
        this.scheduler = scheduler;
        this.clockMs = clockMs;
        this.status = status;
    }

    public Path file() {
        return file;
    }

    /** Something changed; a save follows within a second. Cheap and non-blocking. */
    public synchronized void changed() {
        if (closed) return;
        long now = clockMs.getAsLong();
        if (changes == savedChanges) firstUnsavedMs = now;
        changes++;
        lastChangeMs = now;
        if (!timerPending && !saving) {
            timerPending = true;
            scheduler.schedule(QUIET_MS, this::timer);
        }
    }

    /** True while the last save attempt failed. */
    public synchronized boolean failing() {
        return failing;
    }

    public synchronized boolean dirty() {
        return changes != savedChanges;
    }

    private void timer() {
        long wait;
        synchronized (this) {
            timerPending = false;
            if (closed || saving || changes == savedChanges) return;
            long now = clockMs.getAsLong();
            long due = failing ? now : Math.min(lastChangeMs + QUIET_MS, firstUnsavedMs + MAX_DELAY_MS);
            wait = due - now;
            if (wait > 0) {
                timerPending = true;
            } else {
                saving = true;
            }
        }
        if (wait > 0) scheduler.schedule(wait, this::timer);
        else worker.execute(this::save);
    }

    /** Saves now on the calling thread if anything is unsaved (shutdown). Returns false if it failed. */
    public boolean flush() {
        synchronized (this) {
            while (saving) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (changes == savedChanges) return true;
            saving = true;
        }
        return save();
    }

    /** Flushes and stops reacting to changes. */
    public boolean close() {
        boolean ok = flush();
        synchronized (this) {
            closed = true;
        }
        return ok;
    }

    private boolean save() {
        long upTo;
        synchronized (this) {
            upTo = changes;
        }
        IOException failure = null;
        try {
            ShowStore.save(file, snapshot.get());
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException("could not write the show: " + e, e);
        }
        boolean recovered = false;
        boolean again = false;
        synchronized (this) {
            saving = false;
            if (failure == null) {
                savedChanges = Math.max(savedChanges, upTo);
                recovered = failing;
                failing = false;
                if (changes != savedChanges) {
                    firstUnsavedMs = clockMs.getAsLong();
                    again = true;
                }
            } else {
                failing = true;
                again = true;
            }
            if (again && !closed && !timerPending) timerPending = true;
            else again = false;
            notifyAll();
        }
        if (failure == null) {
            if (recovered) status.saveRecovered(file);
            status.saved(file, upTo);
        } else {
            status.saveFailed(file, failure, message(failure));
        }
        if (again) scheduler.schedule(failure == null ? QUIET_MS : RETRY_MS, this::timer);
        return failure == null;
    }

    private String message(IOException e) {
        String reason = ConfigJson.describe(e);
        String what = reason.toLowerCase(java.util.Locale.ROOT);
        String kind = what.contains("no space") || what.contains("quota") ? "the disk is full"
                : what.contains("permission") || what.contains("read-only") ? "no permission to write there"
                : "a disk error";
        // Thread: the worker that saves (a disk look-up is fine here). Only claim a saved show that exists.
        String saved = java.nio.file.Files.isRegularFile(file)
                ? "the last saved show " + file + " is intact; changes since then are not on disk yet"
                : "no show has been saved to " + file + " yet, so the mix exists only in memory until a save succeeds";
        return "Autosave failed: " + kind + " (" + reason + "). The mix keeps playing; " + saved + ". Retrying every "
                + (RETRY_MS / 1000) + " s.";
    }
}
