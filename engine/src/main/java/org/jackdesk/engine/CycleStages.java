package org.jackdesk.engine;

/**
 * The stages of an engine cycle that {@link AudioProcessor#cycleStages} times, as indices into its
 * array. A slow callback's record carries them beside the usual cycle's, so that its extra time can
 * be placed: a stall the machine imposes lands in a stage about as often as that stage's share of
 * the cycle; work of jackdesk's own that sometimes runs long lands in its own stage every time.
 */
public final class CycleStages {
    /** Clearing the sub-block's sums, strip group A, the wait for the strip worker's group B, the merge. */
    public static final int STRIPS = 0;
    /** The tools' injection (oscillator, talkback) and every FX slot: send bus, effect, return. */
    public static final int FX = 1;
    /** The aux buses, the main bus with its mastering chain, the monitor. */
    public static final int BUSES = 2;
    /** The whole {@link AudioProcessor#process} call (commands, meters, captures included). */
    public static final int PROCESS = 3;
    public static final int COUNT = 4;

    private CycleStages() {
    }

    /** A stage's name for tables and records: "strips", "fx", "buses", "process". */
    public static String name(int stage) {
        return switch (stage) {
            case STRIPS -> "strips";
            case FX -> "fx";
            case BUSES -> "buses";
            case PROCESS -> "process";
            default -> throw new IllegalArgumentException("no stage " + stage);
        };
    }
}
