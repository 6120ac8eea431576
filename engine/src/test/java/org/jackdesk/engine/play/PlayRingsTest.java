package org.jackdesk.engine.play;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The read-ahead ring's hand-over between the audio thread and the disk thread. */
class PlayRingsTest {
    @Test
    void aCyclesFramesStayTheAudioThreadsUntilTheTapHasCopiedThem() {
        PlayRings r = new PlayRings(1, 1024, new int[] {0}, new boolean[] {true});
        // the disk thread filled the ring to the brim; the transport plays
        r.written.set(r.capacity);
        r.primed = true;
        r.playing = true;
        r.take(64);
        assertEquals(64, r.cycleFrames);
        // while the tap copies slots 0..63 out, the disk thread must see no free slot to refill
        assertEquals(0, r.consumed.get(), "consumed published before the copy: the disk thread could overwrite what is being played");
        r.release();
        assertEquals(64, r.consumed.get());
    }
}
