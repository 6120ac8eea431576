package org.jackdesk.engine.jack;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.jackdesk.engine.AudioProcessor;
import org.jackdesk.engine.RealtimeLiterals;

/**
 * Drives an {@link AudioProcessor} from a dedicated thread at {@code sampleRate / bufferSize}
 * periods per second when no JACK server is available: inputs are silent, outputs are discarded.
 * Deadlines are absolute (period n is due at start + n × period), so timing does not drift; a
 * thread that falls more than four periods behind skips ahead and counts one xrun.
 *
 * <p>Thread: public methods from any thread except the clock's own.
 */
public final class InternalClock implements AudioBackend {
    private static final int MAX_LATE_PERIODS = 4;

    private final int sampleRate;
    private final int bufferSize;
    private final long periodNanos;
    private final ProcessorDriver driver;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long xruns;
    private volatile float loadPercent;

    private InternalClock(int sampleRate, int bufferSize, int inputs, int outputs, AudioProcessor processor) {
        if (sampleRate <= 0 || bufferSize <= 0 || bufferSize > 8192) {
            throw new IllegalArgumentException("need sampleRate > 0 and bufferSize in 1..8192, got " + sampleRate + "/" + bufferSize);
        }
        if (inputs < 0 || outputs < 0) throw new IllegalArgumentException("channel counts must be >= 0");
        this.sampleRate = sampleRate;
        this.bufferSize = bufferSize;
        this.periodNanos = Math.round(bufferSize * 1e9 / sampleRate);
        this.driver = new ProcessorDriver(inputs, outputs, bufferSize);
        this.driver.processor = processor;
        this.thread = new Thread(this::run, "jackdesk-internal-clock");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    /**
     * Starts the clock thread; the processor (may be null for silence) must already be prepared
     * for {@code sampleRate} and {@code bufferSize}.
     */
    public static InternalClock start(int sampleRate, int bufferSize, int inputs, int outputs, AudioProcessor processor) {
        InternalClock c = new InternalClock(sampleRate, bufferSize, inputs, outputs, processor);
        RealtimeLiterals.prepare(); // see there: the clock thread must not allocate either
        c.thread.start();
        return c;
    }

    private void run() {
        ProcessorDriver.Buffers b = driver.buffers;
        long next = System.nanoTime() + periodNanos;
        while (running) {
            long now;
            while ((now = System.nanoTime()) < next) {
                LockSupport.parkNanos(next - now);
                if (!running) return;
            }
            long t0 = System.nanoTime();
            for (float[] in : b.in) Arrays.fill(in, 0, bufferSize, 0f); // a processor may have written to them
            driver.runProcessor(b, bufferSize);
            driver.cycleDone(t0);
            long end = System.nanoTime();
            loadPercent = 0.9f * loadPercent + 0.1f * (100f * (end - t0) / periodNanos);
            next += periodNanos;
            if (end - next > MAX_LATE_PERIODS * periodNanos) {
                xruns = xruns + 1;
                next = end + periodNanos;
            }
        }
    }

    @Override
    public void setProcessor(AudioProcessor processor) {
        driver.processor = processor;
    }

    @Override
    public AudioProcessor processor() {
        return driver.processor;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public int inputCount() {
        return driver.inputs;
    }

    @Override
    public int outputCount() {
        return driver.outputs;
    }

    @Override
    public BackendStatus status() {
        return running ? BackendStatus.RUNNING : BackendStatus.CLOSED;
    }

    @Override
    public long cycleCount() {
        return driver.cycles;
    }

    @Override
    public long xrunCount() {
        return xruns;
    }

    @Override
    public long processorFailures() {
        return driver.failures;
    }

    @Override
    public long nonFiniteOutputs() {
        return driver.nonFinite;
    }

    @Override
    public CallbackTimes callbackTimes() {
        return driver.stats.snapshot();
    }

    @Override
    public void resetCallbackTimes() {
        driver.stats.reset();
    }

    /** Smoothed callback time over period length, in percent. */
    @Override
    public float dspLoadPercent() {
        return loadPercent;
    }

    /** Id of the clock thread, for allocation checks. */
    public long audioThreadId() {
        return thread.getId();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
