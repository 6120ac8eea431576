package org.jackdesk.config.store;

import java.util.ArrayList;
import java.util.List;

/** A test clock and scheduler: time moves only when the test says so. */
final class ManualScheduler implements Autosaver.Scheduler {
    private record Task(long dueMs, Runnable r) {}

    private final List<Task> tasks = new ArrayList<>();
    long nowMs = 10_000;

    @Override
    public synchronized void schedule(long delayMs, Runnable task) {
        tasks.add(new Task(nowMs + delayMs, task));
    }

    long now() {
        return nowMs;
    }

    /** Moves the clock forward by {@code ms} in 10 ms steps, running what falls due. */
    void advance(long ms) {
        long end = nowMs + ms;
        while (nowMs < end) {
            nowMs = Math.min(end, nowMs + 10);
            runDue();
        }
    }

    void runDue() {
        while (true) {
            Task due = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (t.dueMs() <= nowMs) {
                        due = t;
                        break;
                    }
                }
                if (due != null) tasks.remove(due);
            }
            if (due == null) return;
            due.r().run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}
