package org.jackdesk.engine.jack;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The audio path's native calls through the Foreign Function & Memory API (Java 22 and newer)
 * instead of JNA: the process callback as an FFM upcall stub, {@code jack_port_get_buffer} as a
 * "critical" downcall (no thread-state transition), and the port copies as {@code Unsafe}
 * intrinsics. Measured on the JACK thread of {@code bench mixbox} (perf, 32 bypassed strips), JNA's
 * callback dispatch (JNI {@code CallIntMethod}, local frames, thread lookups) and its per-port JNI
 * calls were about a quarter of that thread's CPU time, all of it cold JVM and JNA code at every
 * wake-up; FFM's stubs are generated code that the JIT inlines into the callback.
 *
 * <p>The build targets Java 17, where {@code java.lang.foreign} is not final, so everything is
 * looked up reflectively once; the handles are then invoked with {@code invokeExact} from
 * {@code static final} fields, which the JIT treats as constants. Pointers cross as {@code long}
 * ({@code JAVA_LONG}: the same register as a pointer on the 64-bit ABIs JACK runs on). When any
 * piece is missing (Java 17–21, no libjack symbol, {@code -Djackdesk.jack.ffm=false}),
 * {@link #AVAILABLE} is false and {@link JackBackend} uses JNA as before.
 *
 * <p>Thread: {@link #getBuffer}, {@link #read}, {@link #write} on the audio thread; the rest on
 * worker threads.
 */
final class FfmJack {
    static final boolean AVAILABLE;
    /** Why FFM is not used (null when it is), for the log. */
    static final String UNAVAILABLE_REASON;
    private static final MethodHandle GET_BUFFER; // (long port, int nframes) -> long
    private static final MethodHandle SET_PROCESS; // (long client, long fn, long arg) -> int
    private static final Object LINKER;
    private static final Object CALLBACK_DESCRIPTOR;
    private static final Method UPCALL_STUB;
    private static final Method SEGMENT_ADDRESS;
    private static final Method ARENA_OF_SHARED;
    private static final Method ARENA_CLOSE;
    private static final Object OPTIONS_NONE;
    private static final sun.misc.Unsafe U;
    private static final long FLOATS;

    static {
        boolean ok = false;
        String why = null;
        MethodHandle getBuffer = null, setProcess = null;
        Object linker = null, cbDesc = null, none = null;
        Method upcall = null, address = null, ofShared = null, close = null;
        sun.misc.Unsafe u = null;
        long floats = 0;
        try {
            if (!Boolean.parseBoolean(System.getProperty("jackdesk.jack.ffm", "true"))) {
                throw new IllegalStateException("disabled by -Djackdesk.jack.ffm=false");
            }
            if (Runtime.version().feature() < 22) throw new IllegalStateException("Java " + Runtime.version().feature() + " < 22");
            Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
            Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueC = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> segC = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> arenaC = Class.forName("java.lang.foreign.Arena");
            linker = linkerC.getMethod("nativeLinker").invoke(null);
            Object jInt = valueC.getField("JAVA_INT").get(null);
            Object jLong = valueC.getField("JAVA_LONG").get(null);
            Method descOf = descC.getMethod("of", layoutC, layoutC.arrayType());
            Method ofAddress = segC.getMethod("ofAddress", long.class);
            Method downcall = linkerC.getMethod("downcallHandle", segC, descC, optionC.arrayType());
            upcall = linkerC.getMethod("upcallStub", MethodHandle.class, descC, arenaC, optionC.arrayType());
            address = segC.getMethod("address");
            ofShared = arenaC.getMethod("ofShared");
            close = arenaC.getMethod("close");
            none = Array.newInstance(optionC, 0);
            Object critical = Array.newInstance(optionC, 1);
            Array.set(critical, 0, optionC.getMethod("critical", boolean.class).invoke(null, false));

            NativeLibrary jack = NativeLibrary.getInstance("jack");
            Object getBufferSym = ofAddress.invoke(null, Pointer.nativeValue(jack.getGlobalVariableAddress("jack_port_get_buffer")));
            Object setProcessSym = ofAddress.invoke(null, Pointer.nativeValue(jack.getGlobalVariableAddress("jack_set_process_callback")));
            Object layouts2 = Array.newInstance(layoutC, 2);
            Array.set(layouts2, 0, jLong);
            Array.set(layouts2, 1, jInt);
            // void *jack_port_get_buffer(jack_port_t *port, jack_nframes_t nframes): short, never calls back.
            getBuffer = (MethodHandle) downcall.invoke(linker, getBufferSym, descOf.invoke(null, jLong, layouts2), critical);
            Object layouts3 = Array.newInstance(layoutC, 3);
            for (int i = 0; i < 3; i++) Array.set(layouts3, i, jLong);
            setProcess = (MethodHandle) downcall.invoke(linker, setProcessSym, descOf.invoke(null, jInt, layouts3), none);
            Object cbArgs = Array.newInstance(layoutC, 2);
            Array.set(cbArgs, 0, jInt);
            Array.set(cbArgs, 1, jLong);
            // int (*JackProcessCallback)(jack_nframes_t nframes, void *arg)
            cbDesc = descOf.invoke(null, jInt, cbArgs);

            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = (sun.misc.Unsafe) f.get(null);
            floats = u.arrayBaseOffset(float[].class);
            if (u.arrayIndexScale(float[].class) != 4) throw new IllegalStateException("float[] index scale is not 4");
            ok = true;
        } catch (Throwable t) {
            why = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null
                    ? t.getCause().toString() : t.toString();
        }
        AVAILABLE = ok;
        UNAVAILABLE_REASON = why;
        GET_BUFFER = getBuffer;
        SET_PROCESS = setProcess;
        LINKER = linker;
        CALLBACK_DESCRIPTOR = cbDesc;
        UPCALL_STUB = upcall;
        SEGMENT_ADDRESS = address;
        ARENA_OF_SHARED = ofShared;
        ARENA_CLOSE = close;
        OPTIONS_NONE = none;
        U = u;
        FLOATS = floats;
    }

    private FfmJack() {
    }

    /** An upcall stub and the arena that owns it; {@link #close} only once JACK can no longer call it. */
    static final class Stub implements AutoCloseable {
        private final Object arena;

        private Stub(Object arena) {
            this.arena = arena;
        }

        @Override
        public void close() {
            try {
                ARENA_CLOSE.invoke(arena);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("closing the upcall arena failed", e);
            }
        }
    }

    /**
     * Registers {@code target} ({@code int (int nframes, long arg)}, which must never throw) as the
     * client's process callback. Thread: worker, before activation.
     *
     * @return the stub to close after the client is closed
     */
    static Stub setProcessCallback(long client, MethodHandle target) throws JackUnavailableException {
        Object arena = null;
        try {
            arena = ARENA_OF_SHARED.invoke(null);
            Object seg = UPCALL_STUB.invoke(LINKER, target.asType(MethodType.methodType(int.class, int.class, long.class)),
                    CALLBACK_DESCRIPTOR, arena, OPTIONS_NONE);
            long fn = (long) SEGMENT_ADDRESS.invoke(seg);
            int rc = (int) SET_PROCESS.invokeExact(client, fn, 0L);
            if (rc != 0) throw new JackUnavailableException("JACK refused the process callback (error " + rc + ")");
            return new Stub(arena);
        } catch (JackUnavailableException e) {
            closeQuietly(arena);
            throw e;
        } catch (Throwable t) {
            closeQuietly(arena);
            throw new JackUnavailableException("could not register the process callback through FFM: " + t, t);
        }
    }

    private static void closeQuietly(Object arena) {
        if (arena == null) return;
        try {
            ARENA_CLOSE.invoke(arena);
        } catch (ReflectiveOperationException e) {
            // nothing more to do
        }
    }

    /** The handle of the process callback method of {@code cycle}, for {@link #setProcessCallback}. */
    static MethodHandle callbackHandle(MethodHandles.Lookup lookup, Object cycle) throws ReflectiveOperationException {
        return lookup.findVirtual(cycle.getClass(), "callback", MethodType.methodType(int.class, int.class, long.class))
                .bindTo(cycle);
    }

    /** {@code jack_port_get_buffer}. Thread: audio. */
    static long getBuffer(long port, int nframes) throws Throwable {
        return (long) GET_BUFFER.invokeExact(port, nframes);
    }

    /** Copies {@code n} floats from native {@code address} into {@code dst[0..n)}. Thread: audio. */
    static void read(long address, float[] dst, int n) {
        // Never past the array (Unsafe would corrupt the heap), and never a throw on the audio
        // thread: the caller already caps n at the buffer size, so this only clamps.
        U.copyMemory(null, address, dst, FLOATS, 4L * Math.min(n, dst.length));
    }

    /** Copies {@code src[0..n)} to native {@code address}. Thread: audio. */
    static void write(float[] src, long address, int n) {
        U.copyMemory(src, FLOATS, null, address, 4L * Math.min(n, src.length)); // see read()
    }
}
