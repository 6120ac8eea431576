package org.jackdesk.engine.jack;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The calling thread's own CPU clock ({@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}) and its resource
 * usage ({@code getrusage(RUSAGE_THREAD)}: page faults, voluntary and involuntary context
 * switches), read into native memory allocated once per instance: nothing is allocated per call.
 *
 * <p>On Java 22+ (unless {@code -Djackdesk.jack.ffm=false}) the two libc functions are FFM
 * "critical" downcalls like {@link FfmJack#getBuffer} (no thread-state transition: both are short
 * system calls that never call back); on Java 17–21 they are JNA direct-mapped natives with
 * {@code long} addresses, which allocate nothing either. Measured cost per call of each:
 * docs/engine-notes.md ("Attributing slow callbacks").
 *
 * <p>Thread: an instance belongs to one thread at a time (its buffer is not shared); the audio
 * thread uses its own.
 */
public final class ThreadUsage {
    private static final int CLOCK_THREAD_CPUTIME_ID = 3;
    private static final int RUSAGE_THREAD = 1;
    /** {@code struct timespec} then {@code struct rusage} (x86-64 and aarch64 Linux: 16 + 144 bytes). */
    private static final int TIMESPEC = 0;
    private static final int RUSAGE = 16;
    private static final int SIZE = 16 + 144;
    private static final int RU_MINFLT = 64, RU_MAJFLT = 72, RU_NVCSW = 128, RU_NIVCSW = 136;

    /** "FFM", "JNA", or null when neither is available ({@link #UNAVAILABLE_REASON} says why). */
    static final String PATH;
    static final String UNAVAILABLE_REASON;
    private static final boolean FFM;
    private static final MethodHandle CLOCK_GETTIME; // (int clk, long ts) -> int
    private static final MethodHandle GETRUSAGE; // (int who, long usage) -> int
    private static final sun.misc.Unsafe U;

    static {
        String path = null, why = null;
        MethodHandle clock = null, rusage = null;
        sun.misc.Unsafe u = null;
        boolean ffm = false;
        try {
            if (!Platform.isLinux()) throw new IllegalStateException("not Linux");
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = (sun.misc.Unsafe) f.get(null);
            if (FfmJack.AVAILABLE) {
                MethodHandle[] h = ffmHandles();
                clock = h[0];
                rusage = h[1];
                ffm = true;
                path = "FFM";
            } else if (Runtime.version().feature() >= 22) {
                // FFM is refused here (a JVM denying native access): JNA would be refused too, and
                // touching it first would leave the JACK binding only "Could not initialize class
                // com.sun.jna.Native" to report instead of the cause (StartWithoutJackTest)
                throw new IllegalStateException("FFM unavailable: " + FfmJack.UNAVAILABLE_REASON);
            } else {
                Native.register(Jna.class, Platform.C_LIBRARY_NAME);
                path = "JNA";
            }
        } catch (Throwable t) {
            why = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null
                    ? t.getCause().toString() : t.toString();
            path = null;
        }
        PATH = path;
        UNAVAILABLE_REASON = why;
        FFM = ffm;
        CLOCK_GETTIME = clock;
        GETRUSAGE = rusage;
        U = u;
    }

    /** JNA direct mapping (Java 17–21): pointers as {@code long}, so no {@code Pointer} objects. */
    private static final class Jna {
        static native int clock_gettime(int clk, long timespec);

        static native int getrusage(int who, long usage);
    }

    private static MethodHandle[] ffmHandles() throws ReflectiveOperationException {
        Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
        Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueC = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> segC = Class.forName("java.lang.foreign.MemorySegment");
        Object linker = linkerC.getMethod("nativeLinker").invoke(null);
        Object jInt = valueC.getField("JAVA_INT").get(null);
        Object jLong = valueC.getField("JAVA_LONG").get(null);
        Method descOf = descC.getMethod("of", layoutC, layoutC.arrayType());
        Method downcall = linkerC.getMethod("downcallHandle", segC, descC, optionC.arrayType());
        Object critical = Array.newInstance(optionC, 1);
        Array.set(critical, 0, optionC.getMethod("critical", boolean.class).invoke(null, false));
        // libc's symbols from FFM's own lookup, not JNA's: touching JNA here, in a JVM that denies native
        // access, would fail JNA's initialization first and leave the JACK binding's start-up only
        // "Could not initialize class com.sun.jna.Native" instead of the cause (StartWithoutJackTest)
        Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
        Method find = Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class);
        Object args = Array.newInstance(layoutC, 2);
        Array.set(args, 0, jInt);
        Array.set(args, 1, jLong);
        Object desc = descOf.invoke(null, jInt, args);
        MethodHandle[] h = new MethodHandle[2];
        String[] names = {"clock_gettime", "getrusage"};
        for (int i = 0; i < 2; i++) {
            String name = names[i];
            Object sym = ((java.util.Optional<?>) find.invoke(lookup, name))
                    .orElseThrow(() -> new IllegalStateException("libc has no " + name + "()"));
            h[i] = (MethodHandle) downcall.invoke(linker, sym, desc, critical);
        }
        return h;
    }

    private final long mem;
    private long minflt, majflt, nvcsw, nivcsw;

    /** Allocates this instance's native buffer (never freed: an abandoned JACK session's cycle may still use it). */
    public ThreadUsage() {
        mem = U == null ? 0 : U.allocateMemory(SIZE);
        if (mem != 0) U.setMemory(mem, SIZE, (byte) 0);
    }

    public static boolean available() {
        return PATH != null;
    }

    /** The calling thread's CPU time in ns, or -1 when unavailable. Thread: the instance's. */
    public long threadCpuNanos() {
        return clock(CLOCK_THREAD_CPUTIME_ID);
    }

    private long clock(int id) {
        if (PATH == null) return -1;
        int rc;
        try {
            rc = FFM ? (int) CLOCK_GETTIME.invokeExact(id, mem + TIMESPEC) : Jna.clock_gettime(id, mem + TIMESPEC);
        } catch (Throwable t) {
            return -1;
        }
        if (rc != 0) return -1;
        return U.getLong(mem + TIMESPEC) * 1_000_000_000L + U.getLong(mem + TIMESPEC + 8);
    }

    /**
     * Reads the calling thread's {@code getrusage(RUSAGE_THREAD)}; the counters below then hold its
     * values (totals since the thread started). Returns false when unavailable. Thread: the instance's.
     */
    public boolean sample() {
        if (PATH == null) return false;
        int rc;
        try {
            rc = FFM ? (int) GETRUSAGE.invokeExact(RUSAGE_THREAD, mem + RUSAGE) : Jna.getrusage(RUSAGE_THREAD, mem + RUSAGE);
        } catch (Throwable t) {
            return false;
        }
        if (rc != 0) return false;
        minflt = U.getLong(mem + RUSAGE + RU_MINFLT);
        majflt = U.getLong(mem + RUSAGE + RU_MAJFLT);
        nvcsw = U.getLong(mem + RUSAGE + RU_NVCSW);
        nivcsw = U.getLong(mem + RUSAGE + RU_NIVCSW);
        return true;
    }

    public long minorFaults() {
        return minflt;
    }

    public long majorFaults() {
        return majflt;
    }

    public long voluntarySwitches() {
        return nvcsw;
    }

    public long involuntarySwitches() {
        return nivcsw;
    }
}
