package org.jackdesk.engine.jack;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackHandles;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A second JACK client for tests: its outputs {@code out_1..} play a known signal (a function of
 * channel and absolute frame) and its inputs {@code in_1..} record into arrays, each recorded
 * frame tagged with the play frame of the same cycle so that the path delay can be found.
 * Allocation on its thread does not matter (it is not the client under test).
 */
public final class JackTestClient implements AutoCloseable {
    public interface Signal {
        float sample(int channel, long frame);
    }

    private final JackClient client;
    private final long[] outPorts;
    private final long[] inPorts;
    private final Signal signal;
    private final float[][] recorded;
    private final float[] scratch = new float[8192];
    private volatile long playFrame;
    private volatile int recordedFrames;
    private volatile boolean recording;
    private volatile long recordStartPlayFrame;
    private volatile boolean quiet;
    private volatile int quietCycles;

    private JackTestClient(JackClient client, List<JackPort> outs, List<JackPort> ins, Signal signal, int recordFrames) {
        this.client = client;
        this.outPorts = outs.stream().mapToLong(JackHandles::portHandle).toArray();
        this.inPorts = ins.stream().mapToLong(JackHandles::portHandle).toArray();
        this.signal = signal;
        this.recorded = new float[ins.size()][recordFrames];
    }

    public static JackTestClient open(String server, String name, int outputs, int inputs, Signal signal, int recordFrames)
            throws JackException {
        JackHandles.OpenResult r = JackHandles.open(name, server);
        if (r.client == null) throw new JackException("test client could not open, status 0x" + Integer.toHexString(r.status));
        List<JackPort> outs = new ArrayList<>();
        List<JackPort> ins = new ArrayList<>();
        for (int i = 1; i <= outputs; i++) outs.add(r.client.registerPort("out_" + i, JackPortType.AUDIO, JackPortFlags.JackPortIsOutput));
        for (int i = 1; i <= inputs; i++) ins.add(r.client.registerPort("in_" + i, JackPortType.AUDIO, JackPortFlags.JackPortIsInput));
        JackTestClient c = new JackTestClient(r.client, outs, ins, signal, recordFrames);
        r.client.setProcessCallback((cl, nframes) -> c.process(nframes));
        r.client.activate();
        return c;
    }

    private boolean process(int nframes) {
        if (quiet) {
            quietCycles = quietCycles + 1;
            return true;
        }
        long start = playFrame;
        for (int ch = 0; ch < outPorts.length; ch++) {
            for (int i = 0; i < nframes; i++) scratch[i] = signal.sample(ch, start + i);
            new Pointer(JackNative.jack_port_get_buffer(outPorts[ch], nframes)).write(0, scratch, 0, nframes);
        }
        if (recording) {
            int at = recordedFrames;
            if (at == 0) recordStartPlayFrame = start;
            int n = Math.min(nframes, recorded.length == 0 ? 0 : recorded[0].length - at);
            for (int ch = 0; ch < inPorts.length && n > 0; ch++) {
                new Pointer(JackNative.jack_port_get_buffer(inPorts[ch], nframes)).read(0, recorded[ch], at, n);
            }
            recordedFrames = at + Math.max(n, 0);
            if (n < nframes) recording = false;
        }
        playFrame = start + nframes;
        return true;
    }

    public String name() {
        return client.getName();
    }

    public void connect(String source, String destination) throws JackException {
        Jack.getInstance().connect(client, source, destination);
    }

    /** Starts a fresh recording and waits until the buffers are full. */
    public void record(long timeoutMillis) throws InterruptedException {
        recordedFrames = 0;
        recording = true;
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (recording && System.nanoTime() < end) Thread.sleep(5);
        if (recording) throw new AssertionError("recorded only " + recordedFrames + " frames within " + timeoutMillis + " ms");
    }

    public float[] recorded(int channel) {
        return recorded[channel];
    }

    public long recordStartPlayFrame() {
        return recordStartPlayFrame;
    }

    public long playFrame() {
        return playFrame;
    }

    /**
     * The delay d (frames) such that {@code recorded(ch)[i] == gain * signal(srcCh, start + i - d)}
     * for every recorded frame from {@code skip}, or -1 if no delay up to {@code maxDelay} fits.
     */
    public int findDelay(int ch, int srcCh, float gain, int skip, int maxDelay) {
        float[] r = recorded[ch];
        long start = recordStartPlayFrame;
        for (int d = 0; d <= maxDelay; d++) {
            boolean ok = true;
            for (int i = skip; i < r.length && ok; i++) {
                long f = start + i - d;
                float want = f < 0 ? 0f : gain * signal.sample(srcCh, f);
                ok = r[i] == want;
            }
            if (ok) return d;
        }
        return -1;
    }

    /** For failure messages: for each whole-period delay, where the recording first departs from the signal. */
    public String describeMismatch(int ch, int srcCh, float gain, int period, int maxDelay) {
        StringBuilder sb = new StringBuilder("recorded " + recorded[ch].length + " frames from play frame " + recordStartPlayFrame + ";");
        float[] r = recorded[ch];
        for (int d = 0; d <= maxDelay; d += period) {
            int first = -1;
            int count = 0;
            for (int i = 0; i < r.length; i++) {
                long f = recordStartPlayFrame + i - d;
                float want = f < 0 ? 0f : gain * signal.sample(srcCh, f);
                if (r[i] != want) {
                    if (first < 0) first = i;
                    count++;
                }
            }
            sb.append(" delay ").append(d).append(": ").append(count).append(" wrong from ").append(first)
                    .append(first >= 0 ? " (got " + r[first] + ")" : "").append(';');
        }
        return sb.toString();
    }

    /** Lets the callback go trivial first, as JackBackend does: libjack cancels the thread asynchronously on deactivation. */
    @Override
    public void close() {
        quiet = true;
        long end = System.nanoTime() + 250_000_000L;
        while (quietCycles < 2 && System.nanoTime() < end) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.deactivate();
        client.close();
    }
}
