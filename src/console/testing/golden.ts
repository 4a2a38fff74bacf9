/**
 * Golden transcripts: parse etcdctl transcripts (`$ command`, stdout lines, `[stderr] ` lines,
 * `[exit N]`) and replay them through the console against any ClusterClient, comparing output
 * line by line. Cluster, member and lease IDs differ by nature between clusters, so every long
 * number (16 hex digits, or 15+ decimal digits) in the expected text is matched as a variable:
 * its first appearance binds it to what the client printed, and later appearances (and the
 * commands that mention it) use the bound value.
 */
import type { ClusterClient } from '../client';
import type { HostServices } from '../context';
import { newShellSession, runShellLine } from '../shell';

/** One transcript step. */
export interface GoldenStep {
  command: string;
  stdout: string[];
  stderr: string[];
  exitCode: number;
}

/**
 * Repairs a redaction artifact of the recorded transcripts: `cmd > <tmpdir> cat <tmpdir>` was
 * `cmd > <tmpdir>; cat <tmpdir>` before temporary paths were replaced.
 */
function repairCommand(cmd: string): string {
  return cmd.replace(/ > <tmpdir> cat <tmpdir>$/, ' > <tmpdir>; cat <tmpdir>');
}

/** Parses a transcript; etcd 3.4's JSON warning log lines on stderr are dropped. */
export function parseTranscript(text: string): GoldenStep[] {
  const steps: GoldenStep[] = [];
  let cur: GoldenStep | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) {
      cur = { command: repairCommand(line.slice(2)), stdout: [], stderr: [], exitCode: 0 };
      steps.push(cur);
    } else if (!cur) continue;
    else if (/^\[exit \d+\]$/.test(line)) {
      cur.exitCode = Number(line.slice(6, -1));
      cur = undefined;
    } else if (line.startsWith('[stderr] ')) {
      const s = line.slice(9);
      if (!s.startsWith('{"level":')) cur.stderr.push(s);
    } else cur.stdout.push(line);
  }
  return steps;
}

const ID = /\b([0-9a-f]{16}|[0-9]{15,20})\b/g;
/** A Go log timestamp (`2026-11-24 06:57:26.250678`): wall time differs by nature. */
const LOG_TIME = /\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\b/g;

/** Binds transcript IDs to the IDs the cluster under test prints (hex and decimal forms together). */
export class IdBinder {
  private readonly map = new Map<string, string>();

  /**
   * Pins an ID the cluster under test must print exactly as etcd did (a member or cluster ID
   * derived from the same layout): it is never bound to anything else, in hex or decimal.
   */
  pin(id: bigint): void {
    for (const s of [id.toString(), id.toString(16), id.toString(16).padStart(16, '0')]) this.map.set(s, s);
  }

  private bind(expected: string, actual: string): void {
    this.map.set(expected, actual);
    const isHex = (s: string): boolean => /^[0-9a-f]{16}$/.test(s) && /[a-f]/.test(s);
    if (isHex(expected) && /^[0-9a-f]+$/.test(actual)) this.map.set(BigInt('0x' + expected).toString(), BigInt('0x' + actual).toString());
    else if (/^[0-9]+$/.test(expected) && /^[0-9]+$/.test(actual)) {
      this.map.set(BigInt(expected).toString(16).padStart(16, '0'), BigInt(actual).toString(16).padStart(16, '0'));
      this.map.set(BigInt(expected).toString(16), BigInt(actual).toString(16));
    }
  }

  /** Replaces bound IDs in a command or expected line. */
  substitute(text: string): string {
    return text.replace(ID, (m) => this.map.get(m) ?? m);
  }

  /** Matches an expected line against an actual one, binding unbound IDs; true if they agree. */
  matchLine(expected: string, actualLine: string): boolean {
    const actual = actualLine.replace(LOG_TIME, '<time>');
    const sub = this.substitute(expected.replace(LOG_TIME, '<time>'));
    const parts = sub.split(ID);
    let re = '^';
    const vars: string[] = [];
    parts.forEach((p, i) => {
      if (i % 2 === 0) re += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      else if (this.map.has(p) || [...this.map.values()].includes(p)) re += p;
      else {
        vars.push(p);
        re += /^[0-9a-f]{16}$/.test(p) && /[a-f]/.test(p) ? '([0-9a-f]{1,16})' : '([0-9]{1,20})';
      }
    });
    const m = new RegExp(re + '$').exec(actual);
    if (!m) return false;
    vars.forEach((v, i) => this.bind(v, m[i + 1]!));
    return true;
  }
}

/** The outcome of replaying one step. */
export interface StepResult {
  step: GoldenStep;
  command: string;
  actual: { stdout: string[]; stderr: string[]; exitCode: number };
  ok: boolean;
  /** Why this step's output was not compared (target.notCompared), if it was not. */
  notCompared?: string;
}

/** Creates a fresh cluster client for a golden run, plus the clock the console should use. */
export interface GoldenTarget {
  client: ClusterClient;
  host?: Partial<HostServices>;
  env?: Record<string, string>;
  /** IDs the target must print exactly as the transcript has them (see IdBinder.pin). */
  pinned?: bigint[];
  /**
   * Steps whose output differs from the recording by nature (timing, sizes), matched on the
   * transcript command, with the reason. They run (later steps depend on their effects) but are
   * not compared; replay reports them with their reason.
   */
  notCompared?: [RegExp, string][];
}

const lines = (s: string): string[] => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));

/**
 * Replays `steps` in order through runShellLine against `target`, returning per-step results.
 * A step still running after `stepTimeoutMs` of real time is interrupted (Ctrl-C) and fails.
 */
export async function replay(steps: GoldenStep[], target: GoldenTarget, stepTimeoutMs = 5000): Promise<StepResult[]> {
  const ids = new IdBinder();
  for (const id of target.pinned ?? []) ids.pin(id);
  const session = newShellSession();
  const results: StepResult[] = [];
  for (const step of steps) {
    const command = ids.substitute(step.command);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), stepTimeoutMs);
    const opts = { client: target.client, session, signal: ac.signal, ...(target.host ? { host: target.host } : {}), ...(target.env ? { env: target.env } : {}) };
    const r = await runShellLine(command, opts);
    clearTimeout(timer);
    if (ac.signal.aborted) r.exitCode = -1;
    const actual = { stdout: lines(r.stdout), stderr: lines(r.stderr), exitCode: r.exitCode };
    const same = (exp: string[], act: string[]): boolean => exp.length === act.length && exp.every((e, i) => ids.matchLine(e, act[i]!));
    // Matched even when not compared: lines that do agree still bind the IDs they show.
    const ok = same(step.stdout, actual.stdout) && same(step.stderr, actual.stderr) && step.exitCode === actual.exitCode;
    const skip = target.notCompared?.find(([re]) => re.test(step.command));
    results.push(skip ? { step, command, actual, ok: true, notCompared: skip[1] } : { step, command, actual, ok });
  }
  return results;
}

/** A readable diff of a failed step for test output. */
export function describe(r: StepResult): string {
  return [
    `$ ${r.command}`,
    '--- expected',
    ...r.step.stdout,
    ...r.step.stderr.map((l) => `[stderr] ${l}`),
    `[exit ${r.step.exitCode}]`,
    '--- actual',
    ...r.actual.stdout,
    ...r.actual.stderr.map((l) => `[stderr] ${l}`),
    `[exit ${r.actual.exitCode}]`,
  ].join('\n');
}
