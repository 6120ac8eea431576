// RECORD view (docs/recording.md): a big record button that asks for a second tap to start or stop
// (no window.confirm: it works on a tablet), the take's elapsed time, the disk space left as
// recording time at the current track count, the dropped-block counter, the take's folder and the
// list of takes in the recordings folder (newest first, with length, tracks and how each ended).
// Everything shown comes from the server's recorder.status replies; the top bar's REC tab is lit
// red on every device while a take runs (the server tells every client recording_started /
// recording_stopped / recording_failed, and each then asks for the status).

import { onTap } from './gesture.js';

const CONFIRM_MS = 3000;
const POLL_MS = 1000;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** h:mm:ss */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export class RecordView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('recordview');
    this.status = null;   // the last recorder status from the server
    this.arming = null;   // 'start' | 'stop' while waiting for the confirming tap
    this.armTimer = 0;
    this.poll = 0;
    this.seq = 0;
    this.build();
  }

  build() {
    this.root.textContent = '';
    const panel = el('section', 'rec-panel');
    this.button = el('button', 'rec-button', 'RECORD');
    this.button.type = 'button';
    this.button.id = 'rec-button';
    onTap(this.button, () => this.tap());
    this.hint = el('div', 'rec-hint', '');
    const figures = el('div', 'rec-figures');
    const row = (label, id) => {
      const r = el('div', 'rec-row');
      r.append(el('span', 'rec-label', label));
      const v = el('span', 'rec-value', '—');
      v.id = id;
      r.append(v);
      figures.append(r);
      return v;
    };
    this.elapsed = row('ELAPSED', 'rec-elapsed');
    this.left = row('DISK LEFT', 'rec-left');
    this.dropped = row('DROPPED', 'rec-dropped');
    this.tracks = row('TRACKS', 'rec-tracks');
    this.folder = row('TAKE', 'rec-folder');
    this.errorEl = el('div', 'rec-error', '');
    this.errorEl.id = 'rec-error';
    this.errorEl.setAttribute('role', 'alert');
    this.takeList = el('ol', 'rec-takes');
    this.takeList.id = 'rec-takes';
    this.takeList.setAttribute('aria-label', 'Takes');
    panel.append(this.button, this.hint, figures, this.errorEl, el('div', 'rec-label', 'TAKES'), this.takeList);
    this.root.append(panel);
    this.render();
  }

  /** The view is shown (or left): poll while someone looks or a take runs. */
  shown(on) {
    this.visible = on;
    if (on) {
      this.ask('recorder.status');
      this.ask('recorder.takes');
    }
    this.schedule();
  }

  schedule() {
    clearInterval(this.poll);
    this.poll = 0;
    if (this.visible || (this.status && this.status.recording)) {
      this.poll = setInterval(() => this.ask('recorder.status'), POLL_MS);
    }
  }

  ask(op, extra) {
    this.seq += 1;
    this.app.conn.send({ op, id: `rec-${this.seq}`, ...(extra || {}) });
  }

  tap() {
    const recording = !!(this.status && this.status.recording);
    const want = recording ? 'stop' : 'start';
    if (this.arming !== want) {
      this.arming = want;
      clearTimeout(this.armTimer);
      this.armTimer = setTimeout(() => { this.arming = null; this.render(); }, CONFIRM_MS);
      this.render();
      return;
    }
    clearTimeout(this.armTimer);
    this.arming = null;
    this.errorEl.textContent = '';
    this.ask(want === 'start' ? 'recorder.start' : 'recorder.stop');
    this.render();
  }

  /** Server messages: recorder replies and the recorder's status notices. Returns true when taken. */
  message(m) {
    if (m.op === 'recorder.takes' && Array.isArray(m.takes)) {
      this.renderTakes(m.takes);
      return true;
    }
    if (typeof m.op === 'string' && m.op.startsWith('recorder.') && m.recorder) {
      this.status = m.recorder;
      this.render();
      this.schedule();
      return true;
    }
    if (m.op === 'status' && typeof m.code === 'string' && m.code.startsWith('recording_')) {
      this.ask('recorder.status'); // every device learns the take's state, not only the one that tapped
      this.ask('recorder.takes');
    }
    return false;
  }

  error(m) {
    if (typeof m.id !== 'string' || !m.id.startsWith('rec-')) return false;
    this.errorEl.textContent = m.message || m.code;
    return true;
  }

  renderTakes(takes) {
    this.takeList.textContent = '';
    if (!takes.length) {
      this.takeList.append(el('li', 'rec-take empty', 'no takes yet'));
      return;
    }
    for (const t of takes) {
      const li = el('li', 'rec-take');
      li.dataset.take = t.take;
      li.append(el('span', 'rec-take-name', t.take));
      const how = t.error ? t.error
        : !t.endReason ? `recording · ${t.tracks} tracks`
        : `${clock(t.seconds || 0)} · ${t.tracks} tracks${t.droppedBlocks ? ` · ${t.droppedBlocks} dropped` : ''}`
          + `${t.endReason && t.endReason !== 'stopped' ? ` · ${t.endReason}` : ''}`;
      li.append(el('span', 'rec-take-info', how));
      if (t.error || (t.endReason && t.endReason !== 'stopped') || t.droppedBlocks) li.classList.add('bad');
      this.takeList.append(li);
    }
  }

  render() {
    const s = this.status;
    const recording = !!(s && s.recording);
    document.body.classList.toggle('recording', recording);
    const tab = document.getElementById('tab-record');
    if (tab) tab.classList.toggle('rec-on', recording);
    this.button.classList.toggle('on', recording);
    this.button.classList.toggle('armed', this.arming !== null);
    this.button.setAttribute('aria-pressed', String(recording));
    this.button.textContent = this.arming === 'start' ? 'TAP AGAIN TO RECORD'
      : this.arming === 'stop' ? 'TAP AGAIN TO STOP' : recording ? '● RECORDING' : 'RECORD';
    this.hint.textContent = this.arming ? 'a second tap within 3 s confirms' : '';
    if (!s) return;
    const rate = s.sampleRate || 48000;
    this.elapsed.textContent = s.folder ? clock((s.frames || 0) / rate) : '—';
    this.left.textContent = s.secondsLeft === undefined ? '—' : clock(s.secondsLeft);
    this.dropped.textContent = String(s.droppedBlocks || 0);
    this.dropped.classList.toggle('bad', (s.droppedBlocks || 0) > 0);
    this.tracks.textContent = s.tracks ? String(s.tracks) : '—';
    this.folder.textContent = s.folder ? `${s.folder}${s.endReason && !recording ? ` (${s.endReason})` : ''}` : '—';
  }
}
