// Decoding of the binary meter frames (layout in docs/protocol.md). Field order follows
// engine/.../MeterBank.java: per channel 12 floats, per bus (aux, then main, then monitor) 6.
// Levels are linear amplitude (1.0 = 0 dBFS); gain reductions are dB (≤ 0).

export const CH = {
  IN_PEAK: 0, IN_RMS: 1, IN_HOLD: 2, CLIP: 3, PRE_PEAK: 4, PRE_RMS: 5,
  POST_PEAK_L: 6, POST_PEAK_R: 7, POST_RMS_L: 8, POST_RMS_R: 9, GATE_GR: 10, COMP_GR: 11,
};
export const CH_FIELDS = 12;
export const BUS = { PEAK_L: 0, PEAK_R: 1, RMS_L: 2, RMS_R: 3, HOLD_L: 4, HOLD_R: 5 };
export const BUS_FIELDS = 6;

/** A view over one frame: ch(i0, field), bus(i0, field), main(field), monitor(field). */
export function decodeMeters(buf, channels, buses) {
  const v = new Float32Array(buf);
  const busBase = channels * CH_FIELDS;
  const at = (i) => (i < v.length ? v[i] : 0);
  return {
    values: v,
    ch: (i, f) => at(i * CH_FIELDS + f),
    bus: (i, f) => at(busBase + i * BUS_FIELDS + f),
    main: (f) => at(busBase + buses * BUS_FIELDS + f),
    monitor: (f) => at(busBase + (buses + 1) * BUS_FIELDS + f),
  };
}
