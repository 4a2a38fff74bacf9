/**
 * cobra's default usage template with pflag's FlagUsages, which etcdctl shows (on stderr) for a
 * bad flag inside a txn op line: etcdctl parses each op line with a bare cobra root, so the
 * usage is cobra's generic one, not etcdctl's own help text.
 */
import type { CommandNode } from './command-tree';
import type { FlagSpec } from './flags';
import { USAGE_HEADS } from './usage-texts';

const VARNAME: Record<FlagSpec['kind'], string> = { bool: '', string: 'string', int: 'int', duration: 'duration', stringSlice: 'strings' };

function isZero(f: FlagSpec): boolean {
  return f.defValue === '' || f.defValue === '0' || f.defValue === 'false' || f.defValue === '[]';
}

/** pflag's FlagUsages: aligned `  -h, --help   usage (default …)` lines, sorted by name. */
export function flagUsages(flags: readonly FlagSpec[]): string {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : 1));
  const heads = sorted.map((f) => (f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`) + (VARNAME[f.kind] ? ` ${VARNAME[f.kind]}` : ''));
  const maxlen = Math.max(...heads.map((h) => h.length + 1));
  return sorted
    .map((f, i) => {
      const head = heads[i]!;
      const def = isZero(f) ? '' : f.kind === 'string' ? ` (default ${JSON.stringify(f.defValue)})` : ` (default ${f.defValue})`;
      return `${head} ${' '.repeat(maxlen - head.length)} ${f.usage ?? ''}${def}`.trimEnd();
    })
    .join('\n');
}

/** The usage block cobra prints for `node` as a child of an unnamed root (etcdctl's txn op parser). */
export function cobraOpUsage(node: CommandNode): string {
  const head = USAGE_HEADS[node.path] ?? '';
  const use = /USAGE:\n\tetcdctl (.*)\n/.exec(head)?.[1] ?? node.name;
  return `Usage:\n   ${use}\n\nFlags:\n${flagUsages(node.flags)}\n\n`;
}
