package org.jackdesk.engine.jack;

import java.lang.reflect.Field;

/**
 * Byte copies between native memory (JACK MIDI event data) and Java arrays, as {@code Unsafe}
 * intrinsics: no JNI call, no view object, on the JNA and the FFM path alike. Every copy is
 * clamped to the array, so a wrong length can never write past it.
 *
 * <p>Thread: audio (and tests).
 */
final class NativeBytes {
    private static final sun.misc.Unsafe U;
    private static final long BYTES;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (sun.misc.Unsafe) f.get(null);
            BYTES = U.arrayBaseOffset(byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeBytes() {
    }

    /** {@code n} bytes from native {@code address} into {@code dst[0..n)}. */
    static void read(long address, byte[] dst, int n) {
        U.copyMemory(null, address, dst, BYTES, Math.max(0, Math.min(n, dst.length)));
    }

    /** {@code src[off..off+n)} to native {@code address}. */
    static void write(byte[] src, int off, long address, int n) {
        U.copyMemory(src, BYTES + off, null, address, Math.max(0, Math.min(n, src.length - off)));
    }

    static byte getByte(long address) {
        return U.getByte(address);
    }

    static int getInt(long address) {
        return U.getInt(address);
    }

    static long getLong(long address) {
        return U.getLong(address);
    }
}
