// The real-time analyser on the tablet (docs/tools.md, docs/protocol.md "RTA frames"): decoding
// the binary JDRF frames, and drawing bands and held peaks into a canvas — full size in the TOOLS
// view, faintly behind the EQ curve in the channel detail.

export const RTA_MIN_DB = -90;
export const RTA_MAX_DB = 0;

/** A JDRF frame, or null for anything else (a meter frame). */
export function decodeRta(buf) {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < 16) return null;
  const v = new DataView(buf);
  if (v.getUint8(0) !== 0x4a || v.getUint8(1) !== 0x44 || v.getUint8(2) !== 0x52 || v.getUint8(3) !== 0x46) return null;
  const bpo = v.getUint8(5);
  const count = v.getUint16(6, true);
  if (buf.byteLength < 16 + 8 * count) return null;
  const levels = new Float32Array(count), peaks = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    levels[i] = v.getFloat32(16 + 4 * i, true);
    peaks[i] = v.getFloat32(16 + 4 * count + 4 * i, true);
  }
  return { version: v.getUint8(4), bpo, count, sequence: v.getUint32(8, true), source: v.getInt32(12, true), levels, peaks };
}

/**
 * Draws the bands of frame f (centres in Hz) into the 2D context c over the width W and height H,
 * with x(f) the caller's frequency axis. alpha: how strongly (behind the EQ curve: faint).
 */
export function drawRta(c, f, centres, x, W, H, alpha) {
  if (!f || !centres || centres.length !== f.count) return;
  const half = Math.pow(2, 1 / (2 * f.bpo));
  const y = (db) => H - ((Math.max(RTA_MIN_DB, Math.min(RTA_MAX_DB, db)) - RTA_MIN_DB) / (RTA_MAX_DB - RTA_MIN_DB)) * H;
  c.save();
  c.globalAlpha = alpha;
  c.fillStyle = '#2e7d5b';
  for (let i = 0; i < f.count; i++) {
    const x0 = x(centres[i] / half, W), x1 = x(centres[i] * half, W);
    const top = y(f.levels[i]);
    c.fillRect(x0 + 0.5, top, Math.max(1, x1 - x0 - 1), H - top);
  }
  c.fillStyle = '#ffd60a';
  for (let i = 0; i < f.count; i++) {
    const x0 = x(centres[i] / half, W), x1 = x(centres[i] * half, W);
    c.fillRect(x0 + 0.5, y(f.peaks[i]) - 1, Math.max(1, x1 - x0 - 1), 2);
  }
  c.restore();
}
