// Normalised 0–1 control positions, mirroring config/src/main/java/org/jackdesk/config/Taper.java.
// A browser test compares these numbers with the Java ones, so keep both in step.

// The Behringer X32 fader law: 1.0 = +10 dB, 0.75 = 0 dB, 0.5 = −10 dB, 0.25 = −30 dB,
// 0.0625 = −60 dB, 0 = −∞ (−90 dB); piecewise linear in dB between those points.
const FADER_POS = [0.0, 0.0625, 0.25, 0.5, 0.75, 1.0];
const FADER_DB = [-90.0, -60.0, -30.0, -10.0, 0.0, 10.0];

export const OFF_DB = -90;

const clamp01 = (v) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** X32 law: dB to position. At or below −90 dB (−∞) gives 0. */
export function faderPosition(db) {
  if (db <= FADER_DB[0]) return 0.0;
  const last = FADER_DB.length - 1;
  if (db >= FADER_DB[last]) return 1.0;
  for (let i = 1; i < FADER_DB.length; i++) {
    if (db <= FADER_DB[i]) {
      const t = (db - FADER_DB[i - 1]) / (FADER_DB[i] - FADER_DB[i - 1]);
      return FADER_POS[i - 1] + t * (FADER_POS[i] - FADER_POS[i - 1]);
    }
  }
  return 1.0;
}

/** X32 law: position to dB. Position 0 gives −90 dB, which means −∞. */
export function faderDb(pos) {
  if (pos <= 0) return FADER_DB[0];
  const last = FADER_POS.length - 1;
  if (pos >= 1) return FADER_DB[last];
  for (let i = 1; i < FADER_POS.length; i++) {
    if (pos <= FADER_POS[i]) {
      const t = (pos - FADER_POS[i - 1]) / (FADER_POS[i] - FADER_POS[i - 1]);
      return FADER_DB[i - 1] + t * (FADER_DB[i] - FADER_DB[i - 1]);
    }
  }
  return FADER_DB[last];
}

/** Position of {@code value} for a taper id ("linear", "log", "fader", "none") within [min, max]. */
export function toNormalized(taper, value, min, max) {
  switch (taper) {
    case 'log':
      return clamp01(Math.log(value / min) / Math.log(max / min));
    case 'fader':
      return faderPosition(value);
    default:
      return max === min ? 0 : clamp01((value - min) / (max - min));
  }
}

/** Value at position {@code pos} (clamped to 0–1). */
export function fromNormalized(taper, pos, min, max) {
  const p = clamp01(pos);
  switch (taper) {
    case 'log':
      return min * Math.pow(max / min, p);
    case 'fader':
      return faderDb(p);
    default:
      return min + p * (max - min);
  }
}

/** The dB marks engineers expect on a fader scale, with their labels. */
export const FADER_SCALE = [
  [10, '+10'], [5, '+5'], [0, '0'], [-5, '−5'], [-10, '−10'], [-20, '−20'],
  [-30, '−30'], [-40, '−40'], [-60, '−60'], [-90, '−∞'],
];
