/**
 * How console text is shown: always as text (React text nodes, never HTML), with control
 * characters turned into visible escapes (`\x01`) and very long lines cut for display (copying
 * keeps them whole).
 */

/** Characters of one line rendered before the rest is summarised. */
export const MAX_LINE_CHARS = 2000;

/** A run of a displayed line: plain text, or a control character shown as an escape. */
export interface Segment {
  text: string;
  control: boolean;
}

/** A line as displayed: its segments and how many characters were left out. */
export interface DisplayLine {
  segments: Segment[];
  omitted: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** `\x01` for a control character, as a C or Go string literal writes it. */
export function escapeControl(c: string): string {
  return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
}

/**
 * Splits `s` into plain runs and control characters (C0 except tab, and DEL), so binary values
 * show as visible escapes instead of moving the cursor or vanishing.
 */
export function segments(s: string): Segment[] {
  if (!CONTROL.test(s)) return [{ text: s, control: false }];
  const out: Segment[] = [];
  let run = '';
  for (const c of s) {
    if (CONTROL.test(c)) {
      if (run) out.push({ text: run, control: false });
      run = '';
      out.push({ text: escapeControl(c), control: true });
    } else run += c;
  }
  if (run) out.push({ text: run, control: false });
  return out;
}

/** The displayed form of a line: cut at `max` characters, controls as escapes. */
export function displayLine(s: string, max = MAX_LINE_CHARS): DisplayLine {
  if (s.length <= max) return { segments: segments(s), omitted: 0 };
  return { segments: segments(s.slice(0, max)), omitted: s.length - max };
}
