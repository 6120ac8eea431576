// Biquad coefficients from Robert Bristow-Johnson's "Cookbook formulae for audio EQ biquad filter
// coefficients" (the Audio EQ Cookbook), the same formulas as engine/.../dsp/Rbj.java, so the curve
// on the tablet is the curve the engine applies. Coefficients are [b0, b1, b2, a1, a2] with a0
// divided out. A browser test compares these numbers with Rbj.java.

function norm(a0, b0, b1, b2, a1, a2) {
  return [b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0];
}

export function peaking(fs, f0, gainDb, q) {
  const a = Math.pow(10, gainDb / 40);
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return norm(1 + alpha / a, 1 + alpha * a, -2 * cos, 1 - alpha * a, -2 * cos, 1 - alpha / a);
}

export function lowShelf(fs, f0, gainDb, q) {
  const a = Math.pow(10, gainDb / 40);
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const s = 2 * Math.sqrt(a) * alpha;
  return norm(
    a + 1 + (a - 1) * cos + s,
    a * (a + 1 - (a - 1) * cos + s),
    2 * a * (a - 1 - (a + 1) * cos),
    a * (a + 1 - (a - 1) * cos - s),
    -2 * (a - 1 + (a + 1) * cos),
    a + 1 + (a - 1) * cos - s,
  );
}

export function highShelf(fs, f0, gainDb, q) {
  const a = Math.pow(10, gainDb / 40);
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const s = 2 * Math.sqrt(a) * alpha;
  return norm(
    a + 1 - (a - 1) * cos + s,
    a * (a + 1 + (a - 1) * cos + s),
    -2 * a * (a - 1 + (a + 1) * cos),
    a * (a + 1 + (a - 1) * cos - s),
    2 * (a - 1 - (a + 1) * cos),
    a + 1 - (a - 1) * cos - s,
  );
}

export function highPass(fs, f0, q) {
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return norm(1 + alpha, (1 + cos) / 2, -(1 + cos), (1 + cos) / 2, -2 * cos, 1 - alpha);
}

export function lowPass(fs, f0, q) {
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return norm(1 + alpha, (1 - cos) / 2, 1 - cos, (1 - cos) / 2, -2 * cos, 1 - alpha);
}

/** Magnitude in dB of biquad c at freqHz: H(e^jw) evaluated directly, as Rbj.magnitudeDb. */
export function magnitudeDb(c, fs, freqHz) {
  const w = (2 * Math.PI * freqHz) / fs;
  const cos1 = Math.cos(w), sin1 = Math.sin(w);
  const cos2 = Math.cos(2 * w), sin2 = Math.sin(2 * w);
  const nr = c[0] + c[1] * cos1 + c[2] * cos2;
  const ni = -(c[1] * sin1 + c[2] * sin2);
  const dr = 1 + c[3] * cos1 + c[4] * cos2;
  const di = -(c[3] * sin1 + c[4] * sin2);
  return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
}

// Butterworth sections: a 12 dB/oct high-pass is one section with Q = 1/√2; 24 dB/oct is two
// cascaded sections with the 4th-order Butterworth pole Qs (1/(2 cos(π/8)) and 1/(2 cos(3π/8))).
const BUTTER2 = [Math.SQRT1_2];
const BUTTER4 = [1 / (2 * Math.cos(Math.PI / 8)), 1 / (2 * Math.cos((3 * Math.PI) / 8))];

/** The sections of a channel's high-pass filter. */
export function hpfSections(fs, freqHz, slope) {
  const qs = Number(slope) === 24 ? BUTTER4 : BUTTER2;
  return qs.map((q) => highPass(fs, freqHz, q));
}

/** Coefficients of one EQ band of a channel: type is "peak", "lowshelf" or "highshelf". */
export function bandCoefficients(fs, type, freqHz, gainDb, q) {
  if (type === 'lowshelf') return lowShelf(fs, freqHz, gainDb, q);
  if (type === 'highshelf') return highShelf(fs, freqHz, gainDb, q);
  return peaking(fs, freqHz, gainDb, q);
}

/** Summed magnitude in dB of cascaded sections at freqHz. */
export function cascadeDb(sections, fs, freqHz) {
  let db = 0;
  for (const c of sections) db += magnitudeDb(c, fs, freqHz);
  return db;
}
