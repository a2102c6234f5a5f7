/**
 * Text helpers for channel renderers: providers limit texts, titles and captions in characters (counted here as
 * UTF-16 code units, as WhatsApp and Telegram count them, which is never more lenient), and a message must never be
 * cut inside a surrogate pair or lose its words.
 */

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Shortens to `max` characters with an ellipsis, never cutting a surrogate pair in half. */
export function truncate(value: string, max: number): string {
  const clean = value.trim();
  if (clean.length <= max) return clean;
  let end = max - 1;
  if (isHighSurrogate(clean.charCodeAt(end - 1))) end -= 1;
  return `${clean.slice(0, end).trimEnd()}…`;
}

const lastIndexOfSpace = (value: string, from: number) => {
  for (let index = Math.min(from, value.length - 1); index > 0; index--) if (/\s/.test(value[index])) return index;
  return -1;
};

/**
 * Where to cut `text` so the part before holds at most `max` characters: at the last line break, else the last
 * space, preferring one in the second half of the window so no part ends up tiny; else hard at `max`. The break
 * itself is dropped.
 */
function cutPoint(text: string, max: number): { end: number; next: number } {
  const newline = text.lastIndexOf('\n', max);
  const space = lastIndexOfSpace(text, max);
  const half = max / 2;
  const chosen = newline >= half ? newline : space >= half ? space : Math.max(newline, space);
  if (chosen > 0) return { end: chosen, next: chosen + 1 };
  const hard = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return { end: hard, next: hard };
}

/** Splits text into parts of at most `max` characters at line, else word, boundaries. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const { end, next } = cutPoint(rest, max);
    parts.push(rest.slice(0, end));
    rest = rest.slice(next);
  }
  parts.push(rest);
  const visible = parts.filter((part) => part.trim() !== '');
  return visible.length > 0 ? visible : [text.slice(0, max)];
}

/**
 * For a message whose body is limited to `max`: the text's end (at most `max`, cut at a line or word boundary) for
 * the body, and what comes before as plain text parts of at most `textMax` characters, sent first, so nothing of
 * the text is lost.
 */
export function splitForBody(text: string, max: number, textMax: number): { before: string[]; body: string } {
  if (text.length <= max) return { before: [], body: text };
  const start = text.length - max;
  const window = text.slice(start - 1);
  const search = (pattern: RegExp) => {
    const found = window.search(pattern);
    return found < 0 ? -1 : start - 1 + found;
  };
  const newline = search(/\n/);
  const space = search(/\s/);
  const half = start - 1 + max / 2;
  const candidates = [newline, space].filter((index) => index >= 0);
  const early = candidates.filter((index) => index <= half);
  let cut: { end: number; next: number };
  if (newline >= 0 && newline <= half) cut = { end: newline, next: newline + 1 };
  else if (early.length > 0) cut = { end: Math.min(...early), next: Math.min(...early) + 1 };
  else if (candidates.length > 0) cut = { end: Math.min(...candidates), next: Math.min(...candidates) + 1 };
  else {
    const hard = isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start;
    cut = { end: hard, next: hard };
  }
  const head = text.slice(0, cut.end);
  return { before: head.trim() === '' ? [] : splitText(head, textMax), body: text.slice(cut.next) };
}
