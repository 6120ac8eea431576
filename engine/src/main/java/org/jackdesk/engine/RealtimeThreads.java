package org.jackdesk.engine;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Real-time scheduling of the calling thread through libc's {@code sched_setscheduler} (JNA direct
 * mapping, the same library the JACK binding uses). Linux only; elsewhere it reports why not.
 *
 * <p>Thread: any non-audio thread (the call allocates); it changes only the calling thread.
 */
public final class RealtimeThreads {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    private static final String UNAVAILABLE;

    static {
        String why = null;
        if (!Platform.isLinux()) {
            why = "not Linux";
        } else {
            try {
                Native.register(RealtimeThreads.class, Platform.C_LIBRARY_NAME);
            } catch (Throwable t) { // UnsatisfiedLinkError, or JNA missing its native part
                why = "libc not reachable through JNA: " + t.getMessage();
            }
        }
        UNAVAILABLE = why;
    }

    private RealtimeThreads() {
    }

    private static final int MCL_CURRENT = 1;
    private static final int MCL_FUTURE = 2;
    /** {@code -Djackdesk.mlockall=true} asks {@link #lockMemoryIfAsked} to lock the process's memory. */
    public static final String MLOCK_PROPERTY = "jackdesk.mlockall";

    /** {@code int mlockall(int flags)}. */
    private static native int mlockall(int flags);

    /**
     * Locks every page of the process in RAM, now and as it is mapped ({@code mlockall(MCL_CURRENT |
     * MCL_FUTURE)}): no page the audio or worker threads touch can be swapped out or dropped and
     * faulted back in the middle of a callback, and every newly mapped page (heap growth, a new
     * thread's stack) is faulted in when mapped, not when first touched. Returns null on success,
     * else why not (e.g. "errno 12 (ENOMEM: over the locked-memory limit ...)"). Thread: any non-audio.
     */
    public static String lockMemory() {
        if (UNAVAILABLE != null) return UNAVAILABLE;
        if (mlockall(MCL_CURRENT | MCL_FUTURE) == 0) return null;
        int errno = Native.getLastError();
        return "errno " + errno + switch (errno) {
            case 1 -> " (EPERM: not allowed; run as root or give the user CAP_IPC_LOCK)";
            case 12 -> " (ENOMEM: over the locked-memory limit; raise 'ulimit -l', e.g. memlock unlimited for the audio group)";
            default -> "";
        };
    }

    /** True when {@code -Djackdesk.mlockall=true} asks for {@link #lockMemoryIfAsked}. */
    public static boolean memoryLockAsked() {
        return Boolean.parseBoolean(System.getProperty(MLOCK_PROPERTY, "false"));
    }

    /**
     * {@link #lockMemory} when {@code -Djackdesk.mlockall=true}; off by default because it did not
     * help in the runs measured so far (docs/engine-notes.md). Returns one line for the start-up
     * output or a benchmark: locked, refused (and why), or not asked. Thread: any non-audio.
     */
    public static String lockMemoryIfAsked() {
        if (!memoryLockAsked()) return "memory not locked (-D" + MLOCK_PROPERTY + "=true locks it)";
        String err = lockMemory();
        return err == null ? "memory locked (mlockall)"
                : "mlockall refused (" + err + "): memory not locked, a page fault can stall the audio thread";
    }

    /** {@code int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)}; pid 0: this thread. */
    private static native int sched_setscheduler(int pid, int policy, int[] param);

    /** {@code -Djackdesk.disk.priority=N}: the SCHED_FIFO priority of the disk threads (0: normal scheduling). */
    public static final String DISK_PRIORITY_PROPERTY = "jackdesk.disk.priority";
    /** The disk threads' default SCHED_FIFO priority: the lowest, far under JACK's and the strip worker's. */
    public static final int DISK_PRIORITY = 1;

    /**
     * Called by a disk thread (the recorder's writer, the player's read-ahead) on itself: puts it on
     * SCHED_FIFO at {@link #DISK_PRIORITY} (or {@code -Djackdesk.disk.priority}), as a JACK citizen
     * schedules its disk I/O — under the audio and worker threads, over everything else. A take's
     * rings hold 2 s: on a machine whose other work keeps a normal-priority thread off the CPU for
     * longer (a 2-core box at load 35, docs/benchmarks.md, "Recording under the real-time load"),
     * the take dropped blocks. It sleeps in its writes and its waits, and uses a few per cent of a
     * core at 64 tracks, so it takes nothing the control plane needs. Returns the outcome for the
     * status: "SCHED_FIFO 1", or "normal priority (…why…)". Thread: the disk thread (the call allocates).
     */
    public static String diskThread() {
        int want;
        try {
            want = Integer.parseInt(System.getProperty(DISK_PRIORITY_PROPERTY, Integer.toString(DISK_PRIORITY)).trim());
        } catch (NumberFormatException e) {
            return "normal priority (-D" + DISK_PRIORITY_PROPERTY + " is not a number)";
        }
        if (want <= 0) return "normal priority (-D" + DISK_PRIORITY_PROPERTY + "=" + want + ")";
        String err = setFifo(want);
        return err == null ? "SCHED_FIFO " + Math.min(99, want) : "normal priority (SCHED_FIFO " + want + " refused: " + err + ")";
    }

    /**
     * Puts the calling thread on SCHED_FIFO at {@code priority} (1–99), or back on SCHED_OTHER for
     * 0. Returns null on success, else why not (e.g. "errno 1 (EPERM: not allowed)").
     */
    public static String setFifo(int priority) {
        if (UNAVAILABLE != null) return UNAVAILABLE;
        int rc = priority > 0 ? sched_setscheduler(0, SCHED_FIFO, new int[] {Math.min(99, priority)})
                : sched_setscheduler(0, SCHED_OTHER, new int[] {0});
        if (rc == 0) return null;
        int errno = Native.getLastError();
        return "errno " + errno + (errno == 1 ? " (EPERM: not allowed; run as root or with an rtprio limit)" : "");
    }
}
