/**
 * The lesson-script parser: public/scenarios/<id>.txt -> Scenario. Line-oriented like etcd-raft's
 * datadriven testdata: each line is `<directive> <arguments>`; an indented line continues the
 * text of the line above; `#` starts a comment line. The grammar is in README.md.
 */
import { parseAction, parseCondition, ScenarioSyntaxError } from './parse-action';
import type { Capture, Scenario, Step } from './scenario';

export { ScenarioSyntaxError } from './parse-action';

const HEADER = ['title', 'takeaway', 'aha', 'members', 'seed', 'speed', 'snapshot-count', 'setup', 'capture'] as const;
const STEP = ['step', 'say', 'cite', 'task', 'do', 'auto', 'until', 'explain'] as const;

interface Line {
  no: number;
  directive: string;
  text: string;
}

/** Splits the file into logical lines: continuation lines are joined to the one above. */
function logicalLines(source: string, fail: (no: number, d: string) => never): Line[] {
  const out: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    if (/^\s/.test(raw)) {
      const prev = out.at(-1);
      if (!prev) fail(no, 'an indented line continues the line above it, but nothing comes before it');
      prev.text = prev.text === '' ? raw.trim() : `${prev.text} ${raw.trim()}`;
      return;
    }
    const m = /^(\S+)\s*(.*)$/.exec(raw)!;
    out.push({ no, directive: m[1]!, text: m[2]!.trimEnd() });
  });
  return out;
}

function newStep(title: string, line: number): Step {
  return { title, say: [], cite: [], act: [], auto: [], until: [], line };
}

/** Parses `capture lease /lease ([0-9a-f]+) granted/`. */
function capture(text: string, no: number, fail: (d: string) => never): Capture {
  const m = /^([a-z][a-z0-9_-]*)\s+\/(.*)\/$/i.exec(text);
  if (!m) fail('capture is "capture <name> /<regular expression with one group>/"');
  let pattern: RegExp;
  try {
    pattern = new RegExp(m[2]!, 'g');
  } catch (e) {
    return fail(`capture ${m[1]}: ${(e as Error).message}`);
  }
  return { name: m[1]!, pattern, line: no };
}

/** Parses a lesson script; throws ScenarioSyntaxError naming the line at the first mistake. */
export function parseScenario(id: string, source: string): Scenario {
  const file = `${id}.txt`;
  const failAt = (no: number, d: string): never => {
    throw new ScenarioSyntaxError(file, no, d);
  };
  const sc: Scenario = { id, title: '', takeaway: '', aha: '', members: 3, seed: 1, speed: 1, captures: [], setup: [], steps: [] };
  const seen = new Set<string>();
  let step: Step | undefined;
  for (const l of logicalLines(source, failAt)) {
    const fail = (d: string): never => failAt(l.no, d);
    const d = l.directive;
    if (step === undefined && !(HEADER as readonly string[]).includes(d) && d !== 'step') {
      fail(`"${d}" is not a lesson directive; before the first step use ${HEADER.join(', ')}, then step`);
    }
    if (step !== undefined && !(STEP as readonly string[]).includes(d)) {
      fail(`"${d}" is not a step directive; inside a step use ${STEP.join(', ')}${(HEADER as readonly string[]).includes(d) ? ` (${d} belongs before the first step)` : ''}`);
    }
    const needText = (): string => (l.text === '' ? fail(`${d} needs text`) : l.text);
    const once = (): void => {
      const k = step ? `${step.line}:${d}` : d;
      if (seen.has(k)) fail(`${d} appears twice${step ? ' in this step' : ''}`);
      seen.add(k);
    };
    switch (d) {
      case 'title':
      case 'takeaway':
      case 'aha':
        once();
        sc[d] = needText();
        break;
      case 'members': {
        once();
        const n = Number(l.text);
        if (![1, 3, 5, 7].includes(n)) fail(`members is 1, 3, 5 or 7, got "${l.text}"`);
        sc.members = n;
        break;
      }
      case 'seed': {
        once();
        const n = Number(l.text);
        if (!Number.isInteger(n) || n < 0) fail(`seed is a whole number, got "${l.text}"`);
        sc.seed = n;
        break;
      }
      case 'speed': {
        once();
        const n = Number(l.text);
        if (!(n > 0 && n <= 64)) fail(`speed is a factor between 0 and 64, got "${l.text}"`);
        sc.speed = n;
        break;
      }
      case 'snapshot-count': {
        once();
        const n = Number(l.text);
        if (!Number.isInteger(n) || n < 1) fail(`snapshot-count is a whole number of entries (etcd's --snapshot-count), got "${l.text}"`);
        sc.snapshotCount = n;
        break;
      }
      case 'setup':
        sc.setup.push(parseAction(l.text, l.no, fail));
        break;
      case 'capture':
        sc.captures.push(capture(l.text, l.no, fail));
        break;
      case 'step':
        step = newStep(needText(), l.no);
        sc.steps.push(step);
        break;
      case 'say':
        step!.say.push(needText());
        break;
      case 'cite':
        step!.cite.push(needText());
        break;
      case 'task':
      case 'explain':
        once();
        step![d] = needText();
        break;
      case 'do':
        step!.act.push(parseAction(l.text, l.no, fail));
        break;
      case 'auto':
        step!.auto.push(parseAction(l.text, l.no, fail));
        break;
      case 'until':
        step!.until.push(parseCondition(l.text, l.no, fail));
        break;
    }
  }
  const end = source.split(/\r?\n/).length;
  if (sc.title === '') failAt(1, 'the lesson has no title');
  if (sc.takeaway === '') failAt(1, 'the lesson has no takeaway (one sentence shown before the first step)');
  if (sc.aha === '') failAt(end, 'the lesson has no aha (what the learner saw, shown at the end)');
  if (sc.steps.length === 0) failAt(end, 'the lesson has no steps');
  for (const s of sc.steps) if (s.say.length === 0) failAt(s.line, `step "${s.title}" has no caption (say)`);
  return sc;
}
