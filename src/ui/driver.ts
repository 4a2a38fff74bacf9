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
  /** Speed factor of cluster time (1 = real time; 0.05 slow motion .. 16). */
  setSpeed(x: number): void;
  /** Pauses if running, then advances exactly one tick (delivering what is due on the way). */
  step(): void;
  /** Throws the cluster away and starts a new one of `members` members. */
  reset(members: number): Promise<void>;
  /**
   * Rewinds the live cluster to `tick` and runs on from there (the future is forgotten). Only a
   * deterministic engine has it: the simulator replays its seed and the recorded kills/restarts.
   */
  resumeFrom?(tick: number): void;
  /** Raft controls (member menu, links); only the worker cluster has them. */
  raft?: RaftControls;
  /** The Chaos control (nemesis + workload + checkers); only the worker cluster has it. */
  chaos?: ChaosController;
}
