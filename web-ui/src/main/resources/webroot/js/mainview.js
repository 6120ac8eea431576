// Main view: the main bus large with its stereo meter, the monitor (solo) section, and the bus
// masters. Loudness readouts join here when the mastering chain publishes them.

import { Strip } from './strip.js';
import { Knob } from './knob.js';
import { Choice } from './buttons.js';
import { LevelMeter } from './meter.js';
import { BUS } from './meterframe.js';

export class MainView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('mainview');
    this.list = [];
    this.controls = [];
  }

  strips() {
    return this.list;
  }

  build() {
    const { store, conn } = this.app;
    for (const s of this.list) s.dispose();
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    if (this.bigMeter) this.bigMeter.dispose();
    this.list = [];
    this.controls = [];
    this.root.textContent = '';
    const main = new Strip(this.app, 'main', 0, { name: 'Main' });
    this.list.push(main);
    const big = document.createElement('div');
    big.className = 'main-big';
    const cv = document.createElement('canvas');
    cv.className = 'meter-big';
    this.bigMeter = new LevelMeter(cv, 2, false);
    const scale = document.createElement('div');
    scale.className = 'meter-scale';
    for (const db of [0, -6, -12, -18, -24, -30, -40, -50, -60]) {
      const m = document.createElement('span');
      m.textContent = db === 0 ? '0' : String(-db);
      m.style.bottom = `${((db + 60) / 60) * 100}%`;
      scale.appendChild(m);
    }
    this.peakText = document.createElement('div');
    this.peakText.className = 'main-peak';
    const col = document.createElement('div');
    col.className = 'meter-col';
    const bar = document.createElement('div');
    bar.className = 'meter-bar';
    bar.append(cv, scale);
    col.append(this.peakText, bar);
    big.append(main.el, col);
    this.root.appendChild(big);

    const mon = document.createElement('section');
    mon.className = 'panel monitor';
    mon.innerHTML = '<header><h3>Monitor (solo)</h3></header><div class="panel-body"></div>';
    const body = mon.querySelector('.panel-body');
    const lvl = new Knob(store, conn, 'monitor/level', 'LEVEL');
    const mode = new Choice(store, conn, 'monitor/mode', [['pfl', 'PFL'], ['afl', 'AFL']]);
    this.monMeter = new LevelMeter(document.createElement('canvas'), 2, true);
    this.monMeter.canvas.className = 'meter-mon';
    body.append(lvl.el, mode.el, this.monMeter.canvas);
    this.controls.push(lvl, mode);
    this.root.appendChild(mon);

    const buses = document.createElement('div');
    buses.className = 'main-buses';
    store.layout.buses.forEach((b, i) => {
      const s = new Strip(this.app, 'bus', i + 1, b);
      this.list.push(s);
      buses.appendChild(s.el);
    });
    this.root.appendChild(buses);
  }

  meters(f) {
    for (const s of this.list) s.meters(f);
    if (this.bigMeter) {
      this.bigMeter.set(0, f.main(BUS.PEAK_L), f.main(BUS.RMS_L));
      this.bigMeter.set(1, f.main(BUS.PEAK_R), f.main(BUS.RMS_R));
      const fmt = (db) => (db <= -119 ? '−∞' : db.toFixed(1).replace('-', '−'));
      const text = `${fmt(f.main(BUS.HOLD_L))}  ${fmt(f.main(BUS.HOLD_R))}`;
      if (this.peakText.textContent !== text) this.peakText.textContent = text;
      this.monMeter.set(0, f.monitor(BUS.PEAK_L), f.monitor(BUS.RMS_L));
      this.monMeter.set(1, f.monitor(BUS.PEAK_R), f.monitor(BUS.RMS_R));
    }
  }
}
