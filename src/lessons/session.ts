/**
 * LessonSession: one learner going through one lesson on a LessonWorld.
 *
 * ```
 *   loading ──start()──► intro ──begin()──► step 0 ──next()──► step 1 ... ──next()──► done
 *   (reset, speed,        (takeaway)        ▲ back()    auto actions on entry,
 *    setup actions)                         │           until-conditions checked by check()
 *   any phase ──(an action fails)──► error (the message names the line of the script)
 * ```
 * No timers of its own: the page calls `check()` a few times a second. State is a plain object
 * replaced on every change (`getState`/`subscribe`, fit for React's useSyncExternalStore).
 */
import { performAll, type ActionContext } from './actions';
import { holds, snapshot, startPaths } from './conditions';
import { resolvePath, substitute, type WorldSnapshot } from './paths';
import type { Scenario, Step } from './scenario';
import type { LessonWorld } from './world';

/** Where the learner is in the lesson. */
export type LessonPhase = 'loading' | 'intro' | 'step' | 'done' | 'error';

/** The texts of the current step with their placeholders filled from the latest snapshot. */
export interface StepTexts {
  say: string[];
  task?: string;
  explain?: string;
}

/** What the lesson card shows. */
export interface LessonState {
  phase: LessonPhase;
  /** Index of the current step (meaningful in phase `step`). */
  index: number;
  /** The current step's conditions hold (or held once since the step began): Next is lit. */
  held: boolean;
  /** An action sequence is running (setup, entering a step, Do it for me). */
  busy: boolean;
  texts: StepTexts;
  /** Which of the current step's conditions hold, in order (for the "waiting for" line). */
  conditions: boolean[];
  error?: string;
}

/** Options of a session: the URL may override the lesson's seed and speed. */
export interface SessionOptions {
  seed?: number;
  speed?: number;
}

/** One learner going through one lesson. */
export class LessonSession {
  private state: LessonState = { phase: 'loading', index: 0, held: false, busy: false, texts: { say: [] }, conditions: [] };
  private readonly listeners = new Set<() => void>();
  /** `start.` values recorded when each step was first entered, by step index. */
  private readonly starts = new Map<number, Map<string, string>>();
  private checking = false;
  /** What `remember` actions stored, for the whole lesson. */
  private readonly vars = new Map<string, string>();

  constructor(
    readonly scenario: Scenario,
    private readonly world: LessonWorld,
    private readonly opts: SessionOptions = {},
  ) {}

  /** The current state (a new object after every change). */
  getState = (): LessonState => this.state;

  /** Calls `fn` after every change; returns the unsubscribe function. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(patch: Partial<LessonState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  /** The speed the lesson runs at (the URL's, else the script's). */
  get speed(): number {
    return this.opts.speed ?? this.scenario.speed;
  }

  /** The seed the lesson's cluster starts from. */
  get seed(): number {
    return this.opts.seed ?? this.scenario.seed;
  }

  private ctx(index: number): ActionContext {
    return { world: this.world, captures: this.scenario.captures, start: this.starts.get(index) ?? new Map(), vars: this.vars };
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    this.set({ busy: true });
    try {
      await fn();
      this.set({ busy: false });
    } catch (e) {
      this.set({ busy: false, phase: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Starts a fresh cluster for the lesson and runs its setup; ends in the intro. */
  start(): Promise<void> {
    return this.guard(async () => {
      this.set({ phase: 'loading' });
      await this.world.reset(this.scenario.members, this.seed, this.scenario.snapshotCount === undefined ? {} : { snapshotCount: this.scenario.snapshotCount });
      await this.world.speed(this.speed);
      await performAll(this.ctx(-1), this.scenario.setup);
      this.set({ phase: 'intro' });
    });
  }

  /** From the intro to the first step. */
  begin(): Promise<void> {
    return this.enter(0);
  }

  /** To the next step (or the end) once the current step's conditions held. */
  next(): Promise<void> {
    const s = this.state;
    if (s.phase === 'intro') return this.enter(0);
    if (s.phase !== 'step' || !s.held || s.busy) return Promise.resolve();
    if (s.index + 1 >= this.scenario.steps.length) {
      this.set({ phase: 'done' });
      return Promise.resolve();
    }
    return this.enter(s.index + 1);
  }

  /** Back to the previous step (its auto actions are not run again) or to the intro. */
  back(): void {
    const s = this.state;
    if (s.phase === 'done') return this.show(this.scenario.steps.length - 1, true);
    if (s.phase !== 'step') return;
    if (s.index === 0) this.set({ phase: 'intro' });
    else this.show(s.index - 1, true);
  }

  /** "Do it for me": performs the current step's actions. */
  doIt(): Promise<void> {
    const s = this.state;
    if (s.phase !== 'step' || s.busy) return Promise.resolve();
    const i = s.index;
    return this.guard(async () => {
      await performAll(this.ctx(i), this.scenario.steps[i]!.act);
      await this.check();
    });
  }

  private show(index: number, held: boolean): void {
    const step = this.scenario.steps[index]!;
    this.set({ phase: 'step', index, held: held || step.until.length === 0, conditions: step.until.map(() => held), texts: { say: step.say } });
    void this.check();
  }

  private async enter(index: number): Promise<void> {
    const step = this.scenario.steps[index]!;
    this.show(index, false);
    await this.guard(async () => {
      if (!this.starts.has(index)) this.starts.set(index, await this.recordStart(step));
      await performAll(this.ctx(index), step.auto);
      await this.check();
    });
  }

  private async recordStart(step: Step): Promise<Map<string, string>> {
    const texts = [...step.say, step.task ?? '', step.explain ?? '', ...step.until.flatMap((c) => [`{${c.path}}`, c.value]), ...step.act.map((a) => JSON.stringify(a))];
    const s = await snapshot(this.world, this.scenario.captures, new Map(), [], this.vars, texts);
    const out = new Map<string, string>();
    for (const p of startPaths(texts)) out.set(p, resolvePath(p, s));
    return out;
  }

  /** Looks at the world: fills the step's texts and checks its conditions. Safe to call often. */
  async check(): Promise<void> {
    const s0 = this.state;
    if (s0.phase !== 'step' || this.checking || !this.starts.has(s0.index)) return;
    this.checking = true;
    try {
      const i = s0.index;
      const step = this.scenario.steps[i]!;
      const snap = await snapshot(this.world, this.scenario.captures, this.starts.get(i) ?? new Map(), step.until, this.vars, [...step.say, step.task ?? '', step.explain ?? '']);
      const now = this.state;
      if (now.phase !== 'step' || now.index !== i) return;
      const conditions = step.until.map((c) => holds(c, snap));
      const held = now.held || conditions.every(Boolean);
      this.set({ held, conditions, texts: texts(step, snap) });
    } catch (e) {
      this.set({ phase: 'error', error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.checking = false;
    }
  }
}

function texts(step: Step, s: WorldSnapshot): StepTexts {
  const t: StepTexts = { say: step.say.map((x) => substitute(x, s)) };
  if (step.task) t.task = substitute(step.task, s);
  if (step.explain) t.explain = substitute(step.explain, s);
  return t;
}
