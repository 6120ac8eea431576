package org.jackdesk.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.engine.mix.OfflineMainChain;
import org.junit.jupiter.api.Test;

/** The whole-chain figure of {@code bench peers} times a chain whose every stage is on and working. */
class PeersMainChainTest {
    @Test
    void everyStageOfTheTimedChainIsOnAndWorking() {
        OfflineMainChain chain = new OfflineMainChain(PeersBench.mainChainSettings(), PeersBench.RATE, PeersBench.BLOCK);
        float[][] src = {PeersBench.noise(0, PeersBench.RATE, -12), PeersBench.noise(1, PeersBench.RATE, -12)};
        float[][] buf = new float[2][PeersBench.BLOCK];
        double[] gains = new double[chain.stageNames().size()];
        double[] most = new double[gains.length];
        for (int pos = 0; pos + PeersBench.BLOCK <= PeersBench.RATE; pos += PeersBench.BLOCK) {
            System.arraycopy(src[0], pos, buf[0], 0, PeersBench.BLOCK);
            System.arraycopy(src[1], pos, buf[1], 0, PeersBench.BLOCK);
            chain.process(buf, PeersBench.BLOCK);
            chain.stageGainsDb(gains);
            for (int k = 0; k < gains.length; k++) most[k] = Math.max(most[k], Math.abs(gains[k]));
        }
        assertTrue(chain.stageNames().size() == 6, "4 multiband bands, compressor, shaper: " + chain.stageNames());
        // white noise at -12 dBFS: every band (thresholds -50 dB) and the bus compressor reduce; the shaper moves at the start
        for (int k = 0; k < gains.length; k++) {
            assertTrue(most[k] > 0.1, chain.stageNames().get(k) + " never acted: " + most[k] + " dB");
        }
    }
}
