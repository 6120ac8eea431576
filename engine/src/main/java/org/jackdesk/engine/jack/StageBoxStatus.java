package org.jackdesk.engine.jack;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Where one stage box (a netjack2 slave, or any JACK client named in {@code jack.stageBoxes}) is,
 * as the console sees it through the JACK graph: its ports present or not.
 *
 * @param name the box's JACK client name ({@code stage1})
 * @param state connected, lost (was there, its ports vanished) or missing (not seen since start)
 * @param inputs the box's output ports, i.e. channels it brings to the console ({@code from_slave_N});
 *     the last known count while lost
 * @param outputs the box's input ports, i.e. what the console may send back ({@code to_slave_N})
 * @param sinceMillis when the box entered this state (epoch milliseconds)
 * @param losses how often the box was lost since the console started
 *
 * <p>Thread: immutable, any.
 */
public record StageBoxStatus(String name, State state, int inputs, int outputs, long sinceMillis, long losses) {
    /** Where a stage box is. */
    public enum State { CONNECTED, LOST, MISSING }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    public boolean connected() {
        return state == State.CONNECTED;
    }

    /**
     * One line for a person, e.g. "stage box 'stage1' connected: 32 in / 8 out", "stage box
     * 'stage1' lost at 21:43:07" (the machine's local time).
     */
    public String text() {
        return switch (state) {
            case CONNECTED -> "stage box '" + name + "' connected: " + inputs + " in / " + outputs + " out";
            case LOST -> "stage box '" + name + "' lost at " + clock(sinceMillis);
            case MISSING -> "stage box '" + name + "' not connected: no JACK client '" + name + "' on the server";
        };
    }

    static String clock(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()).format(CLOCK);
    }
}
