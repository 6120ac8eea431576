// Decoding of the binary meter frames (docs/protocol.md, "Meter frames"; the server side is
// control/.../ws/MeterFrame.java): a 16-byte header — magic "JDMF", version, section mask
// (1 ch, 2 bus, 4 main, 8 monitor, 16 loudness, 32 fx — the FX returns, as many as the values
// before the stages make —, 64 stages — the main chain's multiband bands' gain reduction and the transient
// shaper's gain, dB —, 128 automix — one float per channel, the automixer's gain in dB, last), channel count and aux bus count (u16 LE), floats
// per channel and per bus, a u32 sequence — then float32 LE values section by section, each in
// MeterBank order. Levels are dBFS floored at −120; gain reductions are dB (≤ 0); the clip latch
// (channels) and the over latch (buses, main, monitor) are 0 or 1; loudness values are LUFS/LU/dBTP/dBFS with −120 for "nothing measured yet".

export const CH = {
  IN_PEAK: 0, IN_RMS: 1, IN_HOLD: 2, CLIP: 3, PRE_PEAK: 4, PRE_RMS: 5,
  POST_PEAK_L: 6, POST_PEAK_R: 7, POST_RMS_L: 8, POST_RMS_R: 9, GATE_GR: 10, COMP_GR: 11,
  COMP_IN: 12, // the compressor's detector level (dBFS): the input of its live point
};
export const BUS = { PEAK_L: 0, PEAK_R: 1, RMS_L: 2, RMS_R: 3, HOLD_L: 4, HOLD_R: 5, COMP_GR: 6, LIMITER_GR: 7, OVER: 8 };
export const LOUD = {
  MOMENTARY: 0, SHORT_TERM: 1, INTEGRATED: 2, RANGE: 3, TRUE_PEAK: 4, SAMPLE_PEAK: 5,
  MAX_MOMENTARY: 6, MAX_SHORT_TERM: 7, CORRELATION: 8,
};
const LOUD_FIELDS = 9;
export const STAGE = { MB_1: 0, TRANSIENT: 4 };
const STAGE_FIELDS = 5;
const busDefault = (f) => (f === BUS.COMP_GR || f === BUS.LIMITER_GR || f === BUS.OVER ? 0 : SILENCE_DB);
const loudDefault = (f) => (f === LOUD.RANGE || f === LOUD.CORRELATION ? 0 : SILENCE_DB);
export const SILENCE_DB = -120;
const HEADER_BYTES = 16;
const MAGIC = [0x4a, 0x44, 0x4d, 0x46]; // "JDMF"

const chDefault = (f) => (f === CH.CLIP || f === CH.GATE_GR || f === CH.COMP_GR ? 0 : SILENCE_DB);

/**
 * A view over one frame: ch(i0, field), bus(i0, field), main(field), monitor(field), all in wire
 * units; sections the frame does not carry read as silence. Returns null for a frame that is not one.
 */
export function decodeMeters(buf) {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < HEADER_BYTES) return null;
  const dv = new DataView(buf);
  for (let i = 0; i < 4; i++) if (dv.getUint8(i) !== MAGIC[i]) return null;
  const mask = dv.getUint8(5);
  const channels = dv.getUint16(6, true);
  const buses = dv.getUint16(8, true);
  const chFields = dv.getUint8(10);
  const busFields = dv.getUint8(11);
  const n = (buf.byteLength - HEADER_BYTES) >> 2;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = dv.getFloat32(HEADER_BYTES + 4 * i, true);
  let off = 0;
  const take = (bit, count) => {
    if (!(mask & bit)) return -1;
    const start = off;
    off += count;
    return start;
  };
  const chAt = take(1, channels * chFields);
  const busAt = take(2, buses * busFields);
  const mainAt = take(4, busFields);
  const monAt = take(8, busFields);
  const loudAt = take(16, LOUD_FIELDS);
  const after = (mask & 64 ? STAGE_FIELDS : 0) + (mask & 128 ? channels : 0);
  const fxCount = mask & 32 ? Math.max(0, Math.floor((n - off - after) / busFields)) : 0;
  const fxAt = take(32, fxCount * busFields);
  const stagesAt = take(64, STAGE_FIELDS);
  const automixAt = take(128, channels);
  const read = (base, idx, dflt) => (base < 0 || base + idx >= n ? dflt : v[base + idx]);
  return {
    sequence: dv.getUint32(12, true),
    channels,
    buses,
    ch: (i, f) => (i < channels ? read(chAt, i * chFields + f, chDefault(f)) : chDefault(f)),
    bus: (i, f) => (i < buses ? read(busAt, i * busFields + f, busDefault(f)) : busDefault(f)),
    main: (f) => read(mainAt, f, busDefault(f)),
    monitor: (f) => read(monAt, f, busDefault(f)),
    fxCount,
    fx: (i, f) => (i < fxCount ? read(fxAt, i * busFields + f, busDefault(f)) : busDefault(f)),
    hasLoudness: loudAt >= 0,
    hasStages: stagesAt >= 0,
    stage: (f) => read(stagesAt, f, 0),
    hasAutomix: automixAt >= 0,
    automix: (i) => (i < channels ? read(automixAt, i, 0) : 0),
    loudness: (f) => read(loudAt, f, loudDefault(f)),
  };
}
