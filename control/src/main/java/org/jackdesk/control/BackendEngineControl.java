package org.jackdesk.control;

import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;
import org.jackdesk.engine.jack.AudioBackend;
import org.jackdesk.engine.jack.InternalClock;

/**
 * The {@link EngineControl} of a running console: parameters, commands and meters go to the mix
 * {@link Engine}; clock, load and xruns come from the {@link AudioBackend} that drives it (JACK or
 * the internal clock). After a sample-rate change the owner builds a new engine and calls
 * {@link #setEngine}.
 *
 * <p>Thread: every method from any non-audio thread; none blocks.
 */
public final class BackendEngineControl implements EngineControl {
    private volatile Engine engine;
    private final AudioBackend backend;

    public BackendEngineControl(Engine engine, AudioBackend backend) {
        this.engine = engine;
        this.backend = backend;
    }

    public void setEngine(Engine e) {
        this.engine = e;
    }

    public Engine engine() {
        return engine;
    }

    public AudioBackend backend() {
        return backend;
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
    public org.jackdesk.engine.rta.RtaTap rta() {
        return engine.rta();
    }

    @Override
    public org.jackdesk.engine.rta.RtaTap feedbackTap() {
        return engine.feedbackTap();
    }

    @Override
    public int sampleRate() {
        return backend.sampleRate();
    }

    @Override
    public int periodFrames() {
        return backend.bufferSize();
    }

    @Override
    public String backendStatus() {
        String kind = backend instanceof InternalClock ? "internal clock" : "jack";
        return kind + ": " + backend.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    @Override
    public long xruns() {
        return backend.xrunCount();
    }

    @Override
    public float dspLoadPercent() {
        return backend.dspLoadPercent();
    }

    @Override
    public double callbackMaxMicros() {
        return backend.callbackTimes().maxMicros();
    }

    @Override
    public org.jackdesk.engine.jack.CallbackAttribution.Snapshot slowCallbacks() {
        return backend.slowCallbacks();
    }
}
