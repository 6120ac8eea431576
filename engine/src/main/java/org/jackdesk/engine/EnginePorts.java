package org.jackdesk.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jackdesk.config.AutoConnect;
import org.jackdesk.config.Layout;

/**
 * The engine's ports for one layout, as one immutable description: the input and output names in
 * {@link Engine#process} order, named by config's {@link AutoConnect} (the same functions its rules
 * resolve against, so the engine and auto-connect cannot disagree), where each group of outputs
 * starts, and which latency each output carries.
 *
 * <p>Inputs: each channel's input (mono) or its left and right inputs (stereo). Outputs: main L and
 * R, then each aux bus (one or two), then monitor L and R, then the direct outputs of the channels
 * that have one, then the oscillator's {@code osc_out} if configured; direct outputs and {@code osc_out}
 * come last, so the other outputs keep their indices with or without them. A {@code talkback_in}
 * input, if configured, follows the channels' inputs.
 *
 * <p>Thread: any (built by whoever builds the engine; immutable afterwards).
 */
public final class EnginePorts {
    /** {@link #latencySource}: the output follows the main limiter (main and monitor). */
    public static final int MAIN = -1;
    /** {@link #latencySource}: the output adds no latency (a channel's direct output). */
    public static final int NONE = -2;

    private final List<String> inputNames;
    private final List<String> outputNames;
    /** The first output of each aux bus. */
    private final int[] busOut;
    private final int monitorOut;
    /** The channels (0-based) with direct outputs, and the index of each one's first output. */
    private final int[] directStrips, directBase;
    /** The talkback source's input (a mono channel's, or {@code talkback_in}), the oscillator's own output; -1 for none. */
    private final int talkbackIn, oscOut;

    /** The ports of {@code layout}. Thread: control or worker. */
    public EnginePorts(Layout layout) {
        List<String> ins = new ArrayList<>();
        for (int c = 0; c < layout.channels().size(); c++) {
            ins.addAll(AutoConnect.channelPorts(layout.channels().get(c).stereo(), c + 1));
        }
        Layout.Tools tools = layout.tools();
        if (tools.talkbackPort()) {
            talkbackIn = ins.size();
            ins.add("talkback_in");
        } else if (tools.talkbackChannel() > 0) {
            int first = 0;
            for (int c = 0; c < tools.talkbackChannel() - 1; c++) first += layout.channels().get(c).stereo() ? 2 : 1;
            talkbackIn = first;
        } else {
            talkbackIn = -1;
        }
        List<String> outs = new ArrayList<>(List.of("main_L", "main_R"));
        busOut = new int[layout.buses().size()];
        for (int b = 0; b < busOut.length; b++) {
            busOut[b] = outs.size();
            outs.addAll(AutoConnect.busPorts(layout.buses().get(b).stereo(), b + 1));
        }
        monitorOut = outs.size();
        outs.add("mon_L");
        outs.add("mon_R");
        int directs = 0;
        for (Layout.Channel ch : layout.channels()) if (ch.directOut() != Layout.DirectOut.OFF) directs++;
        directStrips = new int[directs];
        directBase = new int[directs];
        for (int c = 0, k = 0; c < layout.channels().size(); c++) {
            Layout.Channel ch = layout.channels().get(c);
            if (ch.directOut() == Layout.DirectOut.OFF) continue;
            directStrips[k] = c;
            directBase[k++] = outs.size();
            outs.addAll(AutoConnect.directPorts(ch.stereo(), c + 1));
        }
        oscOut = tools.oscPort() ? outs.size() : -1;
        if (tools.oscPort()) outs.add("osc_out");
        inputNames = Collections.unmodifiableList(ins);
        outputNames = Collections.unmodifiableList(outs);
    }

    /** JACK-style port names of the inputs, in {@link Engine#process} order. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** JACK-style port names of the outputs, in {@link Engine#process} order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** Index of aux bus {@code bus0}'s first output. */
    public int busOut(int bus0) {
        return busOut[bus0];
    }

    /** Index of the monitor's left output (the right one follows). */
    public int monitorOut() {
        return monitorOut;
    }

    /** Index of the talkback source's input (a mono channel's input or {@code talkback_in}), -1 without talkback. */
    public int talkbackIn() {
        return talkbackIn;
    }

    /** Index of the oscillator's own output {@code osc_out}, -1 without it. */
    public int oscOut() {
        return oscOut;
    }

    /** Number of channels with direct outputs. */
    public int directCount() {
        return directStrips.length;
    }

    /** The channel (0-based) of the {@code k}-th direct output group. */
    public int directStrip(int k) {
        return directStrips[k];
    }

    /** Index of the {@code k}-th direct output group's first output. */
    public int directBase(int k) {
        return directBase[k];
    }

    /**
     * Whose latency output {@code output} carries: {@link #MAIN} (main and monitor follow the main
     * limiter), an aux bus index (its own limiter) or {@link #NONE} (direct outputs).
     */
    public int latencySource(int output) {
        if (output < 2 || output == monitorOut || output == monitorOut + 1) return MAIN;
        for (int b = busOut.length - 1; b >= 0; b--) {
            if (output >= busOut[b] && output < monitorOut) return b;
        }
        return NONE;
    }
}
