// MIDI learn on the tablet (docs/midi.md, "Learn"): tap LEARN, touch a control on the screen, move
// a control on the MIDI controller; the console maps it and every tablet is told. Touching the same
// control again while the console waits clears its mappings instead.

import { onTap, ui } from './gesture.js';

const $ = (s) => document.querySelector(s);

export class MidiLearn {
  constructor(app) {
    this.app = app;
    this.armed = false;
    this.path = null; // the control whose hardware move the console waits for
    this.available = false;
    this.swallow = false; // the rest of a gesture that cleared (and disarmed) must not press the control
  }

  wire() {
    onTap($('#learn'), () => this.setArmed(!this.armed));
    // Capture phase: while armed, a touch on a control picks it instead of moving it.
    const pick = (e) => {
      if ((!this.armed && !this.swallow) || e.target.closest('#learn')) return;
      const el = e.target.closest('[data-path]');
      if (!el) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.type === 'click') this.swallow = false;
      if (e.type !== 'pointerdown' || !this.armed) return;
      const path = el.dataset.path;
      document.querySelectorAll('.learning').forEach((x) => x.classList.remove('learning'));
      if (this.path === path) {
        this.app.conn.send({ op: 'midi.clear', path });
        this.swallow = true;
        this.setArmed(false);
        return;
      }
      this.path = path;
      el.classList.add('learning');
      this.app.conn.send({ op: 'midi.learn', path });
      this.app.toast(`Move a control on the MIDI controller for ${path} (touch it again to clear its mapping)`, 'info');
    };
    for (const type of ['pointerdown', 'pointerup', 'click']) document.addEventListener(type, pick, true);
  }

  /** Asks whether the console has MIDI ports: LEARN shows only then (and only for who may learn). */
  connected() {
    this.app.conn.send({ op: 'midi.list' });
  }

  setArmed(on) {
    if (on && ui.locked) return;
    this.armed = on;
    const b = $('#learn');
    b.classList.toggle('on', on);
    b.setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('learn', on);
    if (!on) {
      if (this.path) this.app.conn.send({ op: 'midi.cancel' });
      this.path = null;
      document.querySelectorAll('.learning').forEach((x) => x.classList.remove('learning'));
    } else {
      this.app.toast('LEARN: touch a control on the screen', 'info');
    }
  }

  /** Server messages of the midi.* family; true when it was one. */
  message(m) {
    if (m.op === 'midi') {
      this.available = true;
      this.applyRole();
      return true;
    }
    if (m.op === 'midi.ack') return true;
    if (m.op === 'midi.learned') {
      if (m.path === this.path) {
        this.path = null;
        this.setArmed(false);
      }
      this.app.toast(m.expired ? `LEARN for ${m.path} expired: nothing moved` : `${m.path} ← ${m.control}`, 'info');
      return true;
    }
    if (m.op === 'midi.cleared') {
      this.app.toast(`${m.path}: ${m.removed} MIDI mapping${m.removed === 1 ? '' : 's'} cleared`, 'info');
      return true;
    }
    return false;
  }

  /** A console without MIDI answers no_midi: LEARN stays hidden, nothing to tell. */
  error(m) {
    if (m.code === 'no_midi') {
      this.available = false;
      this.applyRole();
      return true;
    }
    if (this.path && m.path === this.path) this.setArmed(false);
    return false;
  }

  applyRole() {
    const r = this.app.role ? this.app.role.role : '';
    $('#learn').hidden = !this.available || r === 'viewer' || r === 'monitor';
  }
}
