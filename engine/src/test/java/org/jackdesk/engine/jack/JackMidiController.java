package org.jackdesk.engine.jack;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackHandles;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A second JACK client that plays a MIDI controller in tests, through JNAJack's {@link JackMidi}
 * API: what is queued with {@link #send} leaves its {@code out} port at its next cycle (a
 * {@link Burst} may add more every cycle), and whatever arrives on its {@code in} port is kept
 * with the time it arrived. Allocation on its thread does not matter (it is not the client under
 * test).
 */
public final class JackMidiController implements AutoCloseable {
    /** Called every cycle to write extra events (a flood); returns the events written. */
    public interface Burst {
        int write(JackPort out, long cycle, int nframes) throws JackException;
    }

    /** A message received, with {@link System#nanoTime} at the start of the cycle it arrived in. */
    public record Received(byte[] bytes, long nanos) {
        public int status() {
            return bytes[0] & 0xff;
        }

        public int data1() {
            return bytes.length > 1 ? bytes[1] & 0xff : -1;
        }

        public int data2() {
            return bytes.length > 2 ? bytes[2] & 0xff : -1;
        }
    }

    private final JackClient client;
    private final JackPort out;
    private final JackPort in;
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final JackMidi.Event event = new JackMidi.Event();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile Burst burst;
    private volatile boolean quiet;
    private byte[] buf = new byte[65536];

    private JackMidiController(JackClient client, JackPort out, JackPort in) {
        this.client = client;
        this.out = out;
        this.in = in;
    }

    public static JackMidiController open(String server, String name) throws JackException {
        JackHandles.OpenResult r = JackHandles.open(name, server);
        if (r.client == null) throw new JackException("MIDI test client could not open, status 0x" + Integer.toHexString(r.status));
        JackPort o = r.client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        JackPort i = r.client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        JackMidiController c = new JackMidiController(r.client, o, i);
        r.client.setProcessCallback((cl, nframes) -> c.process(nframes));
        r.client.activate();
        return c;
    }

    private boolean process(int nframes) {
        try {
            long now = System.nanoTime();
            JackMidi.clearBuffer(out);
            if (quiet) return true;
            int n = JackMidi.getEventCount(in);
            for (int e = 0; e < n; e++) {
                JackMidi.eventGet(event, in, e);
                int size = event.size();
                if (buf.length < size) buf = new byte[size];
                event.read(buf);
                byte[] m = new byte[size];
                System.arraycopy(buf, 0, m, 0, size);
                received.add(new Received(m, now));
            }
            int room = 256;
            for (byte[] m; room-- > 0 && (m = outbox.peek()) != null; ) {
                try {
                    JackMidi.eventWrite(out, 0, m, m.length);
                } catch (JackException full) {
                    break; // the rest next cycle
                }
                outbox.poll();
                sent.incrementAndGet();
            }
            Burst b = burst;
            if (b != null) sent.addAndGet(b.write(out, cycles.get(), nframes));
        } catch (JackException e) {
            // a test client: a failed cycle shows up as missing messages
        }
        cycles.incrementAndGet();
        return true;
    }

    public String name() {
        return client.getName();
    }

    /** The JACK name of its MIDI output ({@code name:out}). */
    public String outPort() {
        return name() + ":out";
    }

    /** The JACK name of its MIDI input ({@code name:in}). */
    public String inPort() {
        return name() + ":in";
    }

    public void connect(String source, String destination) throws JackException {
        org.jaudiolibs.jnajack.Jack.getInstance().connect(client, source, destination);
    }

    /** Queues one message (several bytes) for the next cycle. Thread: any. */
    public void send(int... bytes) {
        byte[] m = new byte[bytes.length];
        for (int i = 0; i < m.length; i++) m[i] = (byte) bytes[i];
        outbox.add(m);
    }

    public void sendRaw(byte[] m) {
        outbox.add(m);
    }

    public void burst(Burst b) {
        burst = b;
    }

    public long cycles() {
        return cycles.get();
    }

    /** Events written to {@code out} so far. */
    public long sent() {
        return sent.get();
    }

    /** Every message received so far, in order, and forgets them. */
    public List<Received> drain() {
        List<Received> l = new ArrayList<>();
        for (Received r; (r = received.poll()) != null; ) l.add(r);
        return l;
    }

    @Override
    public void close() {
        quiet = true;
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.deactivate();
        } catch (RuntimeException e) {
            // closing anyway
        }
        client.close();
    }
}
