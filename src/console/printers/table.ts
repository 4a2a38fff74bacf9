/**
 * The `-w table` printer: olekukonko/tablewriter as etcdctl configures it (centred upper-case
 * header, right-aligned cells, one space of padding, cells over 30 characters word-wrapped).
 * Only member list, endpoint status/health/hashkv and snapshot status support it.
 */
import type { MemberListResponse } from '../../protocol/rpc';
import type { SnapshotStatus } from '../client-types';
import { ExitCode, ExitError } from '../errors';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Out } from './printer';
import { UnsupportedPrinter } from './printer';
import type { Table } from './rows';
import { dbStatusTable, endpointHashKVTable, endpointHealthTable, endpointStatusTable, memberListTable } from './rows';

const MAX_CELL_WIDTH = 30;

/**
 * Splits a cell into lines of at most 30 characters, as tablewriter's WrapString does: words
 * are split on single spaces (so a trailing space survives on the last line) and packed
 * greedily. A wrapped cell makes its column 30 wide (or as wide as its longest word).
 */
export function wrapCell(cell: string): { lines: string[]; width: number } {
  const len = (x: string): number => [...x].length;
  if (len(cell) <= MAX_CELL_WIDTH) return { lines: [cell], width: len(cell) };
  const words = cell.replace(/\n/g, ' ').split(' ');
  const lim = Math.max(MAX_CELL_WIDTH, ...words.map(len));
  const lines: string[] = [];
  let cur = words[0]!;
  for (const w of words.slice(1)) {
    if (len(cur) + 1 + len(w) <= lim) cur += ' ' + w;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  lines.push(cur);
  return { lines, width: Math.max(lim, ...lines.map(len)) };
}

const width = (s: string): number => [...s].length;

/** Renders a table exactly as etcdctl's tablewriter does (every line newline-terminated). */
export function renderTable(t: Table): string {
  const wrapped = t.rows.map((r) => r.map(wrapCell));
  const cells = wrapped.map((r) => r.map((c) => c.lines));
  const widths = t.header.map((h, i) => Math.max(width(h), ...wrapped.map((r) => r[i]!.width)));
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  const centre = (s: string, w: number): string => {
    const gap = w - width(s);
    const left = Math.floor(gap / 2);
    return ' '.repeat(left) + s + ' '.repeat(gap - left);
  };
  let out = border;
  out += '|' + t.header.map((h, i) => ' ' + centre(h, widths[i]!) + ' ').join('|') + '|\n';
  out += border;
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      out += '|' + row.map((c, i) => ' ' + (c[line] ?? '').padStart(widths[i]!) + ' ').join('|') + '|\n';
    }
  }
  return out + border;
}

/** The table printer. */
export class TablePrinter extends UnsupportedPrinter {
  constructor(o: Out) {
    super('table', o);
  }
  override memberList(r: MemberListResponse): void {
    this.o.out(renderTable(memberListTable(r)));
  }
  override endpointHealth(hs: EndpointHealth[]): void {
    this.o.out(renderTable(endpointHealthTable(hs)));
  }
  override endpointStatus(ss: EndpointStatus[]): void {
    this.o.out(renderTable(endpointStatusTable(ss)));
  }
  override endpointHashKV(hs: EndpointHashKV[]): void {
    this.o.out(renderTable(endpointHashKVTable(hs)));
  }
  override dbStatus(s: SnapshotStatus): void {
    this.o.out(renderTable(dbStatusTable(s)));
  }
}

/** Guard used by commands that print through fmt directly but still reject unknown formats. */
export function assertKnownFormat(format: string): void {
  if (!['simple', 'json', 'fields', 'table', 'protobuf'].includes(format)) {
    throw new ExitError(ExitCode.BadFeature, 'unsupported output format');
  }
}
