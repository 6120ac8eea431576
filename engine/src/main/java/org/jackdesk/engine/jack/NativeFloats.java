package org.jackdesk.engine.jack;

import com.sun.jna.Pointer;

/**
 * A reusable pointer to a JACK port buffer. The audio thread re-aims it every cycle at the address
 * {@code jack_port_get_buffer} returned and copies with JNA's array read/write, so no view object
 * is ever created on the audio thread, even when a connection change moves the buffer.
 *
 * <p>Thread: audio only (one instance per port, never shared).
 */
final class NativeFloats extends Pointer {
    NativeFloats() {
        super(0L);
    }

    /** Points this at {@code address} and returns it. */
    NativeFloats at(long address) {
        peer = address;
        return this;
    }

    boolean isNull() {
        return peer == 0L;
    }
}
