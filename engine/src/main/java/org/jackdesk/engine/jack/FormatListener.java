package org.jackdesk.engine.jack;

/**
 * Told when the sample rate or the buffer size differs from what the processor was prepared for:
 * the owner prepares a new processor off the audio thread and calls
 * {@link AudioBackend#setProcessor}.
 *
 * <p>Thread: never the audio thread. {@link JackBackend} calls it on JACK's notification thread
 * while the server holds processing for the change (so a processor swapped in here is in place
 * before the first cycle at the new size; keep it to prepare + swap), or on its worker thread
 * after a reconnect to a server with another format.
 */
@FunctionalInterface
public interface FormatListener {
    void onFormatChanged(int sampleRate, int bufferSize);
}
