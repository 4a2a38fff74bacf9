/**
 * The lesson catalog: public/scenarios/index.txt lists the lesson files in menu order, under
 * `# Section` headings.
 *
 * ```
 *   # Raft
 *   01-leader-election
 *   02-log-replication
 *   # etcd's data model
 *   10-revisions
 * ```
 */

/** One line of the index: a lesson id and its section. */
export interface IndexEntry {
  id: string;
  group: string;
}

/** Parses index.txt; throws on a line that is not a lesson id. */
export function parseIndex(text: string): IndexEntry[] {
  let group = '';
  const out: IndexEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      group = line.replace(/^#+\s*/, '');
      return;
    }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(line)) throw new Error(`scenarios/index.txt:${i + 1}: "${line}" is not a lesson id (the file name without .txt)`);
    out.push({ id: line, group });
  });
  return out;
}
