// RECORD view (docs/recording.md): a big record button that asks for a second tap to start or stop
// (no window.confirm: it works on a tablet), the take's elapsed time, the disk space left as
// recording time at the current track count, the dropped-block counter, the take's folder and the
// list of takes in the recordings folder (newest first, with length, tracks and how each ended).
// Everything shown comes from the server's recorder.status replies; the top bar's REC tab is lit
// red on every device while a take runs (the server tells every client recording_started /
// recording_stopped / recording_failed, and each then asks for the status).
//
// Playback and the virtual soundcheck (docs/recording.md#playback): each take in the list has PLAY
// (load it if needed, then play) and CUE (load it, stopped at its start); a transport bar shows the
// loaded take, its position, PLAY, STOP, back to the start and LOOP over a region in seconds; the
// SOUNDCHECK switch (playback/soundcheck) and, per channel, its source (LIVE / PLAY, ch/N/source)
// and SAFE (ch/N/soundcheck/safe). While soundcheck is on, every device shows SOUNDCHECK in its
// top bar (this view is built on every device, so each one follows the parameter).

import { onTap } from './gesture.js';
import { Choice, Toggle } from './buttons.js';

const CONFIRM_MS = 3000;
const POLL_MS = 1000;
const PLAY_POLL_MS = 250;

/** m:ss.t of a position in seconds. */
export function position(seconds) {
  const t = Math.max(0, seconds);
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

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
    this.player = null;   // the last player status from the server
    this.afterLoad = null; // 'play' once the take asked for has loaded
    this.playPoll = 0;
    this.channelCount = -1;
    this.build();
    // the top bar's SOUNDCHECK flag follows the parameter on every device, whichever view is open
    app.store.on('playback/soundcheck', (v) => this.soundcheckChanged(v === true));
  }

  soundcheckChanged(on) {
    document.body.classList.toggle('soundcheck', on);
    const flag = document.getElementById('soundcheck-flag');
    if (flag) flag.hidden = !on;
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
    panel.append(this.button, this.hint, figures, this.errorEl, this.buildPlayer(), el('div', 'rec-label', 'TAKES'), this.takeList);
    this.root.append(panel);
    this.render();
  }

  /** The transport bar, the SOUNDCHECK switch and the channels' sources. */
  buildPlayer() {
    const { store, conn } = this.app;
    const box = el('section', 'play-panel');
    box.setAttribute('aria-label', 'Playback');
    const head = el('div', 'play-head');
    head.append(el('span', 'rec-label', 'PLAYBACK'));
    this.playTake = el('span', 'play-take', 'no take loaded');
    this.playTake.id = 'play-take';
    head.append(this.playTake);
    const bar = el('div', 'play-bar');
    const button = (id, text, title, fn) => {
      const b = el('button', 'play-btn', text);
      b.type = 'button';
      b.id = id;
      b.title = title;
      onTap(b, fn);
      bar.append(b);
      return b;
    };
    this.rtzButton = button('play-rtz', '|◀', 'Back to the start (of the loop while it is on)', () => {
      const p = this.player;
      this.ask('player.locate', { seconds: p && p.loop && p.loop.on ? p.loop.from : 0 });
    });
    this.playButton = button('play-play', '▶ PLAY', 'Play the loaded take', () => this.ask('player.play'));
    this.stopButton = button('play-stop', '■ STOP', 'Stop where it is', () => this.ask('player.stop'));
    this.posEl = el('span', 'play-pos', '—');
    this.posEl.id = 'play-pos';
    bar.append(this.posEl);
    const loop = el('div', 'play-loop');
    const secs = (id, label) => {
      const i = document.createElement('input');
      i.type = 'number';
      i.min = '0';
      i.step = '0.1';
      i.id = id;
      i.className = 'play-secs';
      i.setAttribute('aria-label', label);
      return i;
    };
    this.loopFrom = secs('loop-from', 'Loop from (seconds)');
    this.loopTo = secs('loop-to', 'Loop to (seconds)');
    this.loopButton = el('button', 'play-btn', 'LOOP');
    this.loopButton.type = 'button';
    this.loopButton.id = 'play-loop';
    this.loopButton.title = 'Loop the region from … to … (seconds); tap again to end the loop';
    onTap(this.loopButton, () => {
      const on = !(this.player && this.player.loop && this.player.loop.on);
      if (!on) { this.ask('player.loop', { on: false }); return; }
      const from = Number(this.loopFrom.value);
      const to = Number(this.loopTo.value);
      this.ask('player.loop', { on: true, from, to });
    });
    loop.append(el('span', 'rec-label', 'LOOP'), this.loopFrom, el('span', 'rec-label', 'TO'), this.loopTo, this.loopButton);
    this.underrunsEl = el('span', 'play-underruns', '');
    this.underrunsEl.id = 'play-underruns';
    const sc = new Toggle(store, conn, 'playback/soundcheck', 'SOUNDCHECK', 'soundcheck');
    sc.el.id = 'soundcheck';
    sc.el.title = 'Every channel with a track in the loaded take plays it instead of its input, except SAFE channels';
    this.channelsEl = el('div', 'play-channels');
    this.channelsEl.id = 'play-channels';
    box.append(head, bar, loop, this.underrunsEl, sc.el, this.channelsEl);
    return box;
  }

  /** One row per channel: name, LIVE / PLAY, SAFE (rebuilt when the layout's channel count changes). */
  buildChannels() {
    const { store, conn } = this.app;
    const chs = store.layout.channels || [];
    if (chs.length === this.channelCount) return;
    this.channelCount = chs.length;
    this.channelsEl.textContent = '';
    chs.forEach((c, i) => {
      const n = i + 1;
      const row = el('div', 'play-ch');
      row.dataset.ch = String(n);
      row.append(el('span', 'play-ch-name', `${n} ${c.name || ''}`));
      const src = new Choice(store, conn, `ch/${n}/source`, [['live', 'LIVE'], ['playback', 'PLAY']]);
      const safe = new Toggle(store, conn, `ch/${n}/soundcheck/safe`, 'SAFE', 'safe');
      row.append(src.el, safe.el);
      this.channelsEl.append(row);
    });
    this.renderPlayer();
  }

  /** The view is shown (or left): poll while someone looks or a take runs. */
  shown(on) {
    this.visible = on;
    if (on) {
      this.ask('recorder.status');
      this.ask('recorder.takes');
      this.ask('player.status');
      this.buildChannels();
    }
    this.schedule();
  }

  schedule() {
    clearInterval(this.poll);
    this.poll = 0;
    if (this.visible || (this.status && this.status.recording)) {
      this.poll = setInterval(() => this.ask('recorder.status'), POLL_MS);
    }
    clearInterval(this.playPoll);
    this.playPoll = 0;
    if (this.visible && this.player && this.player.playing) {
      this.playPoll = setInterval(() => this.ask('player.status'), PLAY_POLL_MS);
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
    if (typeof m.op === 'string' && m.op.startsWith('player.') && m.player) {
      const was = this.player;
      this.player = m.player;
      if (this.afterLoad && m.op === 'player.load' && m.player.loaded) {
        const then = this.afterLoad;
        this.afterLoad = null;
        if (then === 'play') this.ask('player.play');
      }
      if (!was || was.playing !== m.player.playing) this.schedule();
      this.renderPlayer();
      return true;
    }
    if (m.op === 'status' && m.code === 'player_changed') {
      this.ask('player.status'); // every device follows the transport
      return true;
    }
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
    this.afterLoad = null;
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
      if (!t.error && t.endReason) {
        const cue = el('button', 'play-btn rec-take-cue', 'CUE');
        cue.type = 'button';
        cue.title = 'Load this take, stopped at its start';
        onTap(cue, () => this.loadTake(t.take, null));
        const play = el('button', 'play-btn rec-take-play', '▶');
        play.type = 'button';
        play.title = 'Play this take';
        onTap(play, () => this.loadTake(t.take, 'play'));
        li.append(cue, play);
      }
      if (t.error || (t.endReason && t.endReason !== 'stopped') || t.droppedBlocks) li.classList.add('bad');
      this.takeList.append(li);
    }
    this.renderPlayer();
  }

  /** PLAY or CUE in the take list: load the take (unless it is the loaded one), then play or stay at the start. */
  loadTake(take, then) {
    const p = this.player;
    if (p && p.loaded && p.take === take) {
      if (then === 'play') this.ask('player.play');
      else this.ask('player.locate', { seconds: 0 });
      return;
    }
    this.afterLoad = then;
    this.errorEl.textContent = '';
    this.ask('player.load', { take });
  }

  renderPlayer() {
    const p = this.player;
    const loaded = !!(p && p.loaded);
    this.playTake.textContent = loaded ? p.take || p.folder : p && p.error ? `no take loaded (${p.error})` : 'no take loaded';
    this.posEl.textContent = loaded ? `${position(p.positionSeconds)} / ${position(p.seconds)}` : '—';
    for (const b of [this.playButton, this.stopButton, this.rtzButton, this.loopButton]) b.disabled = !loaded;
    this.playButton.classList.toggle('on', loaded && p.playing);
    this.playButton.setAttribute('aria-pressed', String(loaded && p.playing));
    const looping = loaded && p.loop && p.loop.on;
    this.loopButton.classList.toggle('on', !!looping);
    this.loopButton.setAttribute('aria-pressed', String(!!looping));
    if (loaded && document.activeElement !== this.loopFrom && document.activeElement !== this.loopTo) {
      this.loopFrom.value = looping ? p.loop.from.toFixed(1) : this.loopFrom.value || '0';
      this.loopTo.value = looping ? p.loop.to.toFixed(1) : this.loopTo.value || p.seconds.toFixed(1);
    }
    this.underrunsEl.textContent = loaded && p.underruns ? `${p.underruns} underruns (the disk fell behind: silence)` : '';
    const tracks = new Set(loaded ? p.channels : []);
    for (const row of this.channelsEl.children) row.classList.toggle('has-track', tracks.has(Number(row.dataset.ch)));
    for (const li of this.takeList.children) li.classList.toggle('loaded', loaded && li.dataset.take === p.take);
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
