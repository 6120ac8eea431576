package org.jackdesk.engine.master;

import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * What {@link LoudnessAnalysis} measured in one file. Levels that do not exist (silence, or a file
 * shorter than one window) are {@code Double.NEGATIVE_INFINITY}, never NaN; {@code integratedLufs}
 * is empty when no 400 ms block passed the gates.
 *
 * @param integratedLufs    gated integrated loudness (BS.1770-4), empty for silence
 * @param lraLu             loudness range (EBU Tech 3342), 0 when undefined
 * @param maxMomentaryLufs  highest 400 ms loudness
 * @param maxShortTermLufs  highest 3 s loudness (-inf for files shorter than 3 s)
 * @param truePeakDbtp      4x oversampled peak (BS.1770-4 Annex 2)
 * @param samplePeakDbfs    highest sample magnitude
 */
public record LoudnessReport(Path file, int sampleRate, int channels, double durationSeconds,
                             OptionalDouble integratedLufs, double lraLu, double maxMomentaryLufs,
                             double maxShortTermLufs, double truePeakDbtp, double samplePeakDbfs) {
}
