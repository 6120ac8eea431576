/**
 * The console's DSP processors, small final classes with one concept each.
 *
 * <h2>The DSP contract (every processor here follows it)</h2>
 * <ul>
 *   <li><b>Setters</b> take user units, clamp, and only store: plain fields plus one dirty flag.
 *       They are called on the <b>audio thread</b>, from the engine's parameter pull at the start
 *       of a cycle (or, offline and in tests, by the one thread that also calls {@code process}).
 *       No setter is safe to call from another thread while the processor runs: values reach the
 *       audio thread through the engine's parameter inbox, never through a processor.</li>
 *   <li><b>Derived values</b> (coefficients, time constants, ramp targets) are recomputed at the
 *       next sub-block or {@code process} call when the dirty flag is set, never in a setter.</li>
 *   <li>{@code prepare} allocates everything and runs off the audio thread before use;
 *       {@code process}, {@code reset} and the meter getters run on the audio thread and neither
 *       allocate, lock, block, log nor throw.</li>
 *   <li>Shared building blocks, written once: {@link org.jackdesk.engine.dsp.Dsp#SUB_BLOCK} and
 *       {@link org.jackdesk.engine.dsp.Dsp#dbToGain}, the gain computer of both compressors
 *       ({@code GainComputer}), the biquad cascade kernel
 *       ({@link org.jackdesk.engine.dsp.Biquad#cascade(float[], int, int, Biquad[], int)}).</li>
 * </ul>
 */
package org.jackdesk.engine.dsp;
