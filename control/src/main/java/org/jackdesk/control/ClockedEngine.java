package org.jackdesk.control;

import java.util.concurrent.locks.LockSupport;
import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;

/**
 * The mix {@link Engine} run by a plain Java thread at the period rate, feeding a test tone into
 * every input — no JACK. It exists for the control-plane benchmark and tests that need live
 * meters; {@code ./jackdesk start} uses the real backends.
 *
 * <p>Thread: the clock thread plays the audio role (no allocation, no locks in its loop); every
 * {@link EngineControl} method may be called from any other thread.
 */
public final class ClockedEngine implements EngineControl, AutoCloseable {
    private final Engine engine;
    private final int periodFrames;
    private final float toneAmplitude;
    private final float[][] in;
    private final float[][] out;
    private final double[] phase;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long xruns;
    private volatile float loadPercent;
    private volatile double callbackMaxMicros;

    /** Starts the clock at once. {@code toneDbfs} is the level of the 1 kHz-ish sines fed to each input. */
    public ClockedEngine(Engine engine, int periodFrames, double toneDbfs) {
        this.engine = engine;
        this.periodFrames = periodFrames;
        this.toneAmplitude = (float) Math.pow(10, toneDbfs / 20);
        int inputs = engine.registry().layout().inputCount();
        this.in = new float[inputs][periodFrames];
        this.out = new float[engine.outputPortNames().size()][periodFrames];
        this.phase = new double[inputs];
        this.thread = new Thread(this::loop, "jackdesk-clock");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
        this.thread.start();
    }

    private void loop() {
        long periodNanos = Math.round(periodFrames * 1e9 / engine.sampleRate());
        long next = System.nanoTime();
        double maxMicros = 0;
        while (running) {
            for (int c = 0; c < in.length; c++) {
                double w = 2 * Math.PI * (997.0 + 10 * c) / engine.sampleRate();
                double ph = phase[c];
                float[] b = in[c];
                for (int i = 0; i < periodFrames; i++) {
                    b[i] = (float) (toneAmplitude * Math.sin(ph));
                    ph += w;
                }
                phase[c] = ph % (2 * Math.PI);
            }
            long t0 = System.nanoTime();
            engine.process(in, out, periodFrames);
            long took = System.nanoTime() - t0;
            double micros = took / 1000.0;
            if (micros > maxMicros) {
                maxMicros = micros;
                callbackMaxMicros = micros;
            }
            loadPercent = 0.9f * loadPercent + 0.1f * (float) (100.0 * took / periodNanos);
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > periodNanos) {
                xruns = xruns + 1; // a whole period late: count it and resynchronise
                next = System.nanoTime();
            }
        }
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public void setParam(int slot, double value) {
        engine.setParam(slot, value);
    }

    @Override
    public boolean command(EngineCommand command) {
        return engine.command(command);
    }

    @Override
    public MeterBank meters() {
        return engine.meters();
    }

    @Override
    public int sampleRate() {
        return Math.round(engine.sampleRate());
    }

    @Override
    public int periodFrames() {
        return periodFrames;
    }

    @Override
    public String backendStatus() {
        return "java clock (no audio I/O)";
    }

    @Override
    public long xruns() {
        return xruns;
    }

    @Override
    public float dspLoadPercent() {
        return loadPercent;
    }

    @Override
    public double callbackMaxMicros() {
        return callbackMaxMicros;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
