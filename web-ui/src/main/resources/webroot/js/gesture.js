// Touch conventions shared by every control: a drag starts on the control itself (never a jump
// to the finger), a second finger anywhere else or the fine toggle slows it to a quarter, a double
// tap resets to the default, and the lock freezes everything. Pointer events, so several faders
// can move at once under several fingers.

export const ui = {
  locked: false,
  fineToggle: false,
  /** pointerId -> true when a control owns that pointer, false for a free finger. */
  pointers: new Map(),
  lockListeners: new Set(),
};

const DOUBLE_TAP_MS = 400;
/** End functions of the drags in progress, so a page that is hidden or leaves can let go of them. */
const activeDrags = new Set();

/** Ends every drag in progress as if its finger lifted (pagehide, hidden tab). */
export function releaseAllDrags() {
  for (const end of [...activeDrags]) end();
}
const TAP_SLOP_PX = 8;
export const FINE = 0.25;

document.addEventListener('pointerdown', (e) => { if (!ui.pointers.has(e.pointerId)) ui.pointers.set(e.pointerId, false); }, true);
const release = (e) => ui.pointers.delete(e.pointerId);
document.addEventListener('pointerup', release, true);
document.addEventListener('pointercancel', release, true);

export function setLocked(on) {
  ui.locked = on;
  document.body.classList.toggle('locked', on);
  for (const fn of ui.lockListeners) fn(on);
}

/** Speed factor for a drag held by pointerId: ¼ with the fine toggle or another free finger down. */
export function speed(pointerId) {
  if (ui.fineToggle) return FINE;
  for (const [id, owned] of ui.pointers) if (id !== pointerId && !owned) return FINE;
  return 1;
}

/**
 * Makes el draggable. Callbacks: start(e) -> false to refuse; move(dx, dy, e) with pixel deltas
 * since the previous event, already scaled by the fine factor; end(e); doubleTap(e).
 */
export function draggable(el, { start, move, end, doubleTap }) {
  let active = null; // {id, x, y, moved, t}
  let lastTap = 0;
  el.addEventListener('pointerdown', (e) => {
    if (ui.locked || active || document.body.classList.contains('offline')) return;
    if (e.button !== undefined && e.button > 0) return;
    e.preventDefault();
    e.stopPropagation();
    if (start && start(e) === false) return;
    active = { id: e.pointerId, x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY, moved: false, t: performance.now() };
    activeDrags.add(letGo);
    ui.pointers.set(e.pointerId, true);
    try { el.setPointerCapture(e.pointerId); } catch (err) { /* synthetic pointers cannot be captured */ }
  });
  el.addEventListener('pointermove', (e) => {
    if (!active || e.pointerId !== active.id) return;
    e.preventDefault();
    const k = speed(e.pointerId);
    const dx = (e.clientX - active.x) * k;
    const dy = (e.clientY - active.y) * k;
    active.x = e.clientX;
    active.y = e.clientY;
    if (Math.abs(e.clientX - active.x0) > TAP_SLOP_PX || Math.abs(e.clientY - active.y0) > TAP_SLOP_PX) active.moved = true;
    if (move && (dx || dy)) move(dx, dy, e);
  });
  const finish = (e) => {
    if (!active || e.pointerId !== active.id) return;
    const wasTap = !active.moved && performance.now() - active.t < 400;
    ui.pointers.delete(active.id);
    activeDrags.delete(letGo);
    active = null;
    if (end) end(e);
    if (wasTap && e.type === 'pointerup') {
      const now = performance.now();
      if (now - lastTap < DOUBLE_TAP_MS) {
        lastTap = 0;
        if (doubleTap) doubleTap(e);
      } else {
        lastTap = now;
      }
    }
  };
  const letGo = () => { if (active) finish({ pointerId: active.id, type: 'release' }); };
  el.addEventListener('pointerup', finish);
  el.addEventListener('pointercancel', finish);
  el.addEventListener('lostpointercapture', (e) => { if (active && e.pointerId === active.id) finish(e); });
}

/** A tap on a button that respects the lock (and works with a finger, a pen or a mouse). */
export function onTap(el, fn) {
  el.addEventListener('click', (e) => {
    if (ui.locked || document.body.classList.contains('offline')) { e.preventDefault(); return; }
    fn(e);
  });
}
