package org.jackdesk.engine.jack;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Direct-mapped libjack functions for everything JNAJack would allocate for on the audio path.
 * Handles are passed as {@code long} addresses and callback arguments as {@code long} so that
 * JNA's direct callback dispatch creates no {@code Pointer} objects (verified by
 * {@code JackBackendTest#processCallbackAllocatesNothing}).
 *
 * <p>Thread: the {@code jack_port_get_buffer} call is made on the audio thread; everything else on
 * worker threads.
 */
final class JackNative {
    static {
        Native.register(JackNative.class, "jack");
    }

    private JackNative() {
    }

    /** {@code int (*JackProcessCallback)(jack_nframes_t nframes, void *arg)}. */
    public interface ProcessCallback extends Callback {
        int callback(int nframes, long arg);
    }

    /** {@code int (*JackBufferSizeCallback)(jack_nframes_t nframes, void *arg)}. */
    public interface BufferSizeCallback extends Callback {
        int callback(int nframes, long arg);
    }

    /** {@code int (*JackSampleRateCallback)(jack_nframes_t nframes, void *arg)}. */
    public interface SampleRateCallback extends Callback {
        int callback(int sampleRate, long arg);
    }

    /** {@code int (*JackXRunCallback)(void *arg)}. */
    public interface XrunCallback extends Callback {
        int callback(long arg);
    }

    /** {@code void (*JackLatencyCallback)(jack_latency_callback_mode_t mode, void *arg)}. */
    public interface LatencyCallback extends Callback {
        void callback(int mode, long arg);
    }

    /** {@code void (*JackPortRegistrationCallback)(jack_port_id_t port, int register, void *arg)}. */
    public interface PortRegistrationCallback extends Callback {
        void callback(int port, int register, long arg);
    }

    /** {@code void (*JackClientRegistrationCallback)(const char *name, int register, void *arg)}. */
    public interface ClientRegistrationCallback extends Callback {
        void callback(Pointer name, int register, long arg);
    }

    /** {@code JackCaptureLatency}: latency from the capture side (sources) to a port. */
    static final int CAPTURE_LATENCY = 0;
    /** {@code JackPlaybackLatency}: latency from a port to the playback side (sinks). */
    static final int PLAYBACK_LATENCY = 1;

    /** {@code void (*func)(const char *msg)} for libjack's error and info output. */
    public interface MessageCallback extends Callback {
        void callback(Pointer message);
    }

    static native int jack_set_process_callback(long client, ProcessCallback callback, long arg);

    static native int jack_set_buffer_size_callback(long client, BufferSizeCallback callback, long arg);

    static native int jack_set_sample_rate_callback(long client, SampleRateCallback callback, long arg);

    static native int jack_set_xrun_callback(long client, XrunCallback callback, long arg);

    static native long jack_port_get_buffer(long port, int nframes);

    /** MIDI (audio thread): {@code uint32_t jack_midi_get_event_count(void *port_buffer)}. */
    static native int jack_midi_get_event_count(long portBuffer);

    /** {@code int jack_midi_event_get(jack_midi_event_t *event, void *port_buffer, uint32_t index)}; 0 on success. */
    static native int jack_midi_event_get(long event, long portBuffer, int index);

    /** {@code void jack_midi_clear_buffer(void *port_buffer)}: an output's buffer, every cycle. */
    static native void jack_midi_clear_buffer(long portBuffer);

    /** {@code jack_midi_data_t *jack_midi_event_reserve(void *port_buffer, jack_nframes_t time, size_t size)}; 0 when full. */
    static native long jack_midi_event_reserve(long portBuffer, int time, long size);

    static native int jack_set_latency_callback(long client, LatencyCallback callback, long arg);

    /** {@code range} points at a {@code jack_latency_range_t} ({@code uint32 min, max}). */
    static native void jack_port_get_latency_range(long port, int mode, Pointer range);

    static native void jack_port_set_latency_range(long port, int mode, Pointer range);

    static native int jack_set_port_registration_callback(long client, PortRegistrationCallback callback, long arg);

    static native int jack_set_client_registration_callback(long client, ClientRegistrationCallback callback, long arg);

    static native int jack_recompute_total_latencies(long client);

    static native float jack_cpu_load(long client);

    /** Priority of the client's real-time process thread, or -1 if it is not real-time. */
    static native int jack_client_real_time_priority(long client);

    static native int jack_get_sample_rate(long client);

    static native int jack_get_buffer_size(long client);

    static native int jack_connect(long client, String sourcePort, String destinationPort);

    static native long jack_port_by_name(long client, String portName);

    static native int jack_port_name_size();

    static native void jack_set_error_function(MessageCallback callback);

    static native void jack_set_info_function(MessageCallback callback);
}
