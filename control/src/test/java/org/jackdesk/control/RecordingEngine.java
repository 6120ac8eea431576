package org.jackdesk.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jackdesk.engine.EngineCommand;
import org.jackdesk.engine.EngineControl;
import org.jackdesk.engine.MeterBank;

/** An {@link EngineControl} that records what the control plane asks of it, with a real MeterBank. */
final class RecordingEngine implements EngineControl {
    record SetCall(int slot, double value) {}

    final List<SetCall> sets = new CopyOnWriteArrayList<>();
    final List<EngineCommand> commands = new CopyOnWriteArrayList<>();
    private final MeterBank meters;

    RecordingEngine(int channels, int buses) {
        this(channels, buses, 0);
    }

    /** With {@code fx} FX returns' meters. */
    RecordingEngine(int channels, int buses, int fx) {
        this.meters = new MeterBank(channels, buses, fx);
    }

    @Override
    public void setParam(int slot, double value) {
        sets.add(new SetCall(slot, value));
    }

    @Override
    public boolean command(EngineCommand command) {
        commands.add(command);
        return true;
    }

    @Override
    public MeterBank meters() {
        return meters;
    }

    @Override
    public int sampleRate() {
        return 48000;
    }

    @Override
    public int periodFrames() {
        return 256;
    }

    @Override
    public String backendStatus() {
        return "test recorder";
    }

    @Override
    public long xruns() {
        return 3;
    }

    @Override
    public float dspLoadPercent() {
        return 12.5f;
    }

    @Override
    public double callbackMaxMicros() {
        return 321.0;
    }

    @Override
    public org.jackdesk.engine.jack.CallbackAttribution.Snapshot slowCallbacks() {
        var counts = new java.util.EnumMap<org.jackdesk.engine.jack.SlowCause, Long>(org.jackdesk.engine.jack.SlowCause.class);
        counts.put(org.jackdesk.engine.jack.SlowCause.PREEMPTED, 4L);
        counts.put(org.jackdesk.engine.jack.SlowCause.PAGE_FAULT, 2L);
        return new org.jackdesk.engine.jack.CallbackAttribution.Snapshot(666.7, 6, 1, 0, counts, java.util.List.of(), "JFR", "FFM",
                new long[4], new long[4]);
    }
}
