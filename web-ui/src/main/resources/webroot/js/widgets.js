// The small building blocks the panels share (layers.js, library.js, labels.js): an element, a
// button, a name field, and a destructive button that asks for a second tap. Nothing here knows
// the console; each panel wires what its buttons do.

import { onTap } from './gesture.js';

/** How long an armed destructive button waits for its second tap. */
export const CONFIRM_MS = 3000;

/** A new element with a class (or none) and a text (or none). */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A button that submits nothing (type=button), with a tooltip when title is given. */
export function button(cls, text, title) {
  const b = el('button', cls, text);
  b.type = 'button';
  if (title) b.title = title;
  return b;
}

/**
 * A text field for a name (a strip's, a layer's, a preset's): at most maxLength characters — the
 * server's limit (Names.java, which also refuses control characters and an empty name) — no
 * spelling marks, no autofill, the keyboard's Enter key labelled done.
 */
export function nameField(cls, maxLength, label) {
  const input = el('input', cls);
  input.type = 'text';
  input.maxLength = maxLength;
  input.spellcheck = false;
  input.autocomplete = 'off';
  input.setAttribute('enterkeyhint', 'done');
  input.setAttribute('aria-label', label);
  return input;
}

/**
 * A destructive button asks for a second tap: the first tap arms it (its text becomes ask, it
 * takes the class `confirm` and `data-armed`), a second one within CONFIRM_MS runs fn, and left
 * alone it falls back by itself. Through onTap, so nothing happens while the console is locked or
 * offline. A panel that rebuilds the button starts it unarmed, as it shows.
 */
export function onConfirmedTap(btn, ask, fn, ms = CONFIRM_MS) {
  const idle = btn.textContent;
  let timer = 0;
  const disarm = () => {
    clearTimeout(timer);
    timer = 0;
    btn.textContent = idle;
    btn.classList.remove('confirm');
    delete btn.dataset.armed;
  };
  onTap(btn, (e) => {
    if (!timer) {
      btn.textContent = ask;
      btn.classList.add('confirm');
      btn.dataset.armed = '1';
      timer = setTimeout(disarm, ms);
      return;
    }
    disarm();
    fn(e);
  });
}
