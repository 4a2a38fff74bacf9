import type { NemesisKind } from './nemesis';
import { replayCommand, type SimResult } from './result';
import { SimWorld } from './world';

/** SwarmCase is one seeded simulator run in the swarm. */
export interface SwarmCase {
  seed: number;
  members: number;
  ticks: number;
  nemesis: NemesisKind;
}

const MIX: readonly NemesisKind[] = ['partition', 'crash', 'all', 'all', 'membership'];

/**
 * swarmCases returns `count` runs starting at `firstSeed`, alternating 3 and
 * 5 members and mixing nemeses (partition, crash, 2 x all, membership),
 * `ticks` ticks each.
 * Every case is reproducible by the CLI with the same flags.
 */
export function swarmCases(firstSeed: number, count: number, ticks: number): SwarmCase[] {
  const out: SwarmCase[] = [];
  for (let seed = firstSeed; seed < firstSeed + count; seed++) {
    out.push({ seed, members: seed % 2 === 0 ? 3 : 5, ticks, nemesis: MIX[seed % MIX.length] as NemesisKind });
  }
  return out;
}

/** SwarmFailure is a failed case with the command that replays it. */
export interface SwarmFailure {
  c: SwarmCase;
  replay: string;
  message: string;
}

/** runSwarmCase runs one case; a thrown error (a failed assert) counts as a failure. */
export function runSwarmCase(c: SwarmCase): { result?: SimResult; failure?: SwarmFailure } {
  const replay = replayCommand(c);
  try {
    const result = new SimWorld(c).runToEnd();
    if (result.ok) return { result };
    return { result, failure: { c, replay, message: `seed=${c.seed} violations:\n  ${result.violations.join('\n  ')}\nreplay: ${replay}` } };
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    return { failure: { c, replay, message: `seed=${c.seed} threw ${msg}\nreplay: ${replay}` } };
  }
}

/** SWARM_TICKS is the length of each swarm run, sized for the suite's time budget. */
export const SWARM_TICKS = 3000;

/**
 * REGRESSION_SEEDS are cases that once failed (or that pin a scenario worth
 * keeping); the swarm runs them first, every time. A seed replays the same
 * scenario only while the world draws the same random numbers: when a
 * change to the world shifts them, find the scenario's new seed (run the
 * swarm against the old bug) and re-pin it.
 */
export const REGRESSION_SEEDS: readonly { c: SwarmCase; caught: string }[] = [
  {
    c: { seed: 330, members: 3, ticks: 3000, nemesis: 'membership' },
    caught: 'sim host: a removed leader kept leading a config without itself (needs stepDownOnRemoval)',
  },
  {
    c: { seed: 1147, members: 5, ticks: 3000, nemesis: 'membership' },
    caught: 'sim host: same as seed 330, with 5 members',
  },
];

/** runSwarm runs every case and returns the failure messages (seed=N + replay command each). */
export function runSwarm(cases: readonly SwarmCase[], log: (msg: string) => void): string[] {
  const failures: string[] = [];
  for (const c of cases) {
    const { failure } = runSwarmCase(c);
    if (failure !== undefined) {
      log(failure.message);
      failures.push(failure.message);
    }
  }
  return failures;
}
