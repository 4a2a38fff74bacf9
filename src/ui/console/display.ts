/**
 * How console text is shown: always as text (React text nodes, never HTML), with control
 * characters made visible and very long lines cut for display (copying keeps them whole).
 */

/** Characters of one line rendered before the rest is summarised. */
export const MAX_LINE_CHARS = 4000;

/** A line as displayed: its visible text and how many characters were left out. */
export interface DisplayLine {
  text: string;
  omitted: number;
}

/**
 * Replaces C0 control characters (except tab) and DEL with their Unicode control pictures
 * (U+2400..), so binary values show as visible symbols instead of moving the cursor or vanishing.
 */
export function visibleControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

/** The displayed form of a line: controls made visible, cut at `max` characters. */
export function displayLine(s: string, max = MAX_LINE_CHARS): DisplayLine {
  if (s.length <= max) return { text: visibleControls(s), omitted: 0 };
  return { text: visibleControls(s.slice(0, max)), omitted: s.length - max };
}
