/**
 * SimEvent is everything a simulated world reports to its listeners: the
 * trace file (`--trace`), the browser API and tests. Each event is a plain
 * JSON-serialisable object with the tick `t` and an `ev` discriminator; the
 * trace file writes exactly these objects, one per line.
 */
export type SimEvent =
  | { t: number; node: number; ev: 'become-leader' | 'become-follower' | 'become-candidate' | 'become-pre-candidate'; term: number; lead: number }
  | { t: number; node: number; ev: 'commit'; index: number; term: number; hash: string; data: string }
  | { t: number; node: number; ev: 'snapshot'; index: number; term: number }
  | { t: number; node: number; ev: 'snapshot-restore'; index: number; term: number }
  | { t: number; node: number; ev: 'crash' }
  | { t: number; node: number; ev: 'restart'; term: number; commit: number }
  | { t: number; node: number; ev: 'propose'; data: string; ok: boolean }
  | { t: number; node: number; ev: 'transfer-leader'; to: number }
  | { t: number; ev: 'send'; from: number; to: number; type: string; term: number; outcome: string }
  | { t: number; ev: 'deliver'; from: number; to: number; type: string; term: number }
  | { t: number; ev: 'partition'; kind: string; links: [number, number][] }
  | { t: number; ev: 'heal' }
  | { t: number; ev: 'network'; profile: string }
  | { t: number; ev: 'violation'; message: string };

/** SimEventKind is the `ev` field of a SimEvent. */
export type SimEventKind = SimEvent['ev'];

/** SimListener receives every event a world emits, in order. */
export type SimListener = (e: SimEvent) => void;

/**
 * TRACE_DEFAULT_KINDS are the events written to a trace file unless the
 * caller asks for per-message events too (they dominate the volume).
 */
export const TRACE_DEFAULT_KINDS: ReadonlySet<SimEventKind> = new Set<SimEventKind>([
  'become-leader',
  'become-follower',
  'become-candidate',
  'become-pre-candidate',
  'commit',
  'snapshot',
  'snapshot-restore',
  'crash',
  'restart',
  'transfer-leader',
  'partition',
  'heal',
  'network',
  'violation',
]);

/** formatTraceLine renders one event as a JSON line (without the newline). */
export function formatTraceLine(e: SimEvent): string {
  return JSON.stringify(e);
}
