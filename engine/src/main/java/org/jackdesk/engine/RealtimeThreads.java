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

    /** {@code int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)}; pid 0: this thread. */
    private static native int sched_setscheduler(int pid, int policy, int[] param);

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
