package org.jackdesk.engine.host;

import org.jackdesk.engine.Engine;
import org.jackdesk.engine.EngineFeed;
import org.jackdesk.engine.jack.DemoSignal;

/**
 * What the backend drives: the engine, fed either by the backend's inputs or, in demo mode, by
 * generated programme material. Built whole off the audio thread and swapped in as one object.
 *
 * <p>Thread: {@link #process} audio only; the constructor control or worker.
 */
final class HostProcessor extends EngineFeed {
    private final DemoSignal demo;
    private final float[][] demoIn;

    HostProcessor(Engine engine, boolean demo, int maxFrames) {
        super(engine);
        int inputs = engine.inputPortNames().size();
        this.demo = demo ? DemoSignal.forMix(engine.sampleRate(), inputs) : null;
        this.demoIn = demo ? new float[inputs][Math.max(maxFrames, 1)] : null;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, int nframes) {
        if (demo != null && nframes <= demoIn[0].length) {
            demo.generate(demoIn, nframes);
            engine.process(demoIn, outputs, nframes);
        } else {
            engine.process(inputs, outputs, nframes);
        }
    }
}
