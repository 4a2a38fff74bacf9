import type { ChaosController } from '../cluster/chaos/controller';
import type { RaftControls } from './raft-controls';

/**
 * What the page asks of whatever runs the cluster. Today that is the deterministic simulator
 * ticking in the main thread; the worker cluster (one Web Worker per member) will implement the
 * same controls.
 */
export interface ClusterDriver {
  /** Starts publishing snapshots to the store on every animation frame. */
  start(): void;
  /** Stops the clock and releases the cluster. */
  stop(): void;
  kill(id: number): void;
  restart(id: number): void;
  setPaused(paused: boolean): void;
  /** Raft controls (member menu, links); only the worker cluster has them. */
  raft?: RaftControls;
  /** The Chaos control (nemesis + workload + checkers); only the worker cluster has it. */
  chaos?: ChaosController;
}
