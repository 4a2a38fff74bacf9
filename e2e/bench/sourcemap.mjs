/**
 * A minimal source-map reader for the profile summary: decodes a v3 map's `mappings` (base64
 * VLQ) and answers "which original file, line and source text is at this generated line and
 * column?". Enough to turn minified profile frames back into `src/raft/raft.ts:412`.
 */

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Decodes one line's segments into arrays of [genCol, src, srcLine, srcCol]. */
function decodeLine(text, state) {
  const segs = [];
  let i = 0;
  let genCol = 0;
  while (i < text.length) {
    const fields = [];
    while (i < text.length && text[i] !== ',') {
      let value = 0;
      let shift = 0;
      for (;;) {
        const d = B64.get(text[i++]);
        if (d === undefined) throw new Error('bad VLQ digit in source map');
        value += (d & 31) << shift;
        shift += 5;
        if (!(d & 32)) break;
      }
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    i++; // the comma
    if (!fields.length) continue;
    genCol += fields[0];
    if (fields.length >= 4) {
      state.src += fields[1];
      state.line += fields[2];
      state.col += fields[3];
      segs.push([genCol, state.src, state.line, state.col]);
    }
  }
  return segs;
}

/** A parsed source map with `lookup(line0, col0)`. */
export class SourceMap {
  /**
   * @param {{sources: string[], sourcesContent?: string[], mappings: string}} map
   * @param {(source: string) => string} normalize turns a map's source path into a display path
   */
  constructor(map, normalize = (s) => s) {
    this.sources = map.sources.map(normalize);
    this.content = (map.sourcesContent ?? []).map((c) => (c == null ? null : c.split('\n')));
    const state = { src: 0, line: 0, col: 0 };
    this.lines = map.mappings.split(';').map((l) => decodeLine(l, state));
  }

  /** Original position of a generated position (0-based line and column), or undefined. */
  lookup(line, col) {
    const segs = this.lines[line];
    if (!segs || !segs.length) return undefined;
    let lo = 0;
    let hi = segs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][0] <= col) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const seg = segs[best < 0 ? 0 : best];
    const source = this.sources[seg[1]];
    const text = this.content[seg[1]]?.[seg[2]]?.trim() ?? '';
    return { source, line: seg[2] + 1, text };
  }
}
