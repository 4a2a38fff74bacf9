import { NEMESIS_KINDS, type NemesisKind } from './nemesis';

/** CliArgs are the parsed options of `npm run sim`. */
export interface CliArgs {
  seed: number;
  members: number;
  ticks: number;
  nemesis: NemesisKind;
  /** trace is the JSON-lines trace file path, if any. */
  trace?: string;
  /** traceMessages also traces every send/deliver. */
  traceMessages: boolean;
  /**
   * mode: 'raft' runs bare RawNode hosts (the default); 'etcd' runs full etcd members
   * (server + MVCC + lessor on memory stores). `--clients K` with K > 0 implies 'etcd'.
   */
  mode: 'raft' | 'etcd';
  /** clients is the number of concurrent clients in etcd mode (default 5 there, 0 in raft mode). */
  clients: number;
  /** history is the Jepsen-style history file path (etcd mode), if any. */
  history?: string;
  /**
   * soak runs many etcd-mode seeds (soak.ts) instead of one run: `seeds` runs from `seed`
   * (default 0), each `ticks` long (default 2000), stopping early after `minutes`.
   */
  soak?: { seeds: number; minutes: number };
}

/** CliUsageError is thrown for a malformed command line; its message is the usage text. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** USAGE is the CLI's help text. */
export const USAGE =
  'usage: npm run sim -- --seed N --members M --ticks T --nemesis none|partition|crash|all|membership [--trace FILE] [--trace-messages]\n' +
  '                      [--mode raft|etcd] [--clients K] [--history FILE]   (etcd mode: --clients K > 0 or --mode etcd; no membership nemesis)\n' +
  '       npm run sim -- --soak [--seeds N] [--minutes M] [--seed FIRST] [--ticks T]   (many etcd-mode seeds x 3/5 members x every nemesis)';

function intArg(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new CliUsageError(`${flag} needs a non-negative integer\n${USAGE}`);
  const n = Number(v);
  if (n < min) throw new CliUsageError(`${flag} must be >= ${min}\n${USAGE}`);
  return n;
}

/** parseArgs parses the CLI's argv (without node and the script path). */
export function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { seed: 1, members: 3, ticks: 10_000, nemesis: 'none', traceMessages: false, mode: 'raft', clients: 0 };
  let modeFlag: string | undefined;
  let clientsFlag = false;
  let soak: { seeds: number; minutes: number } | undefined;
  let seedFlag = false;
  let ticksFlag = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes('=') ? flag.split('=', 2) : [flag, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--seed':
        out.seed = intArg(name, value(), 0);
        seedFlag = true;
        break;
      case '--soak':
        soak ??= { seeds: 1_000_000, minutes: Infinity };
        break;
      case '--seeds':
        soak = { ...(soak ?? { minutes: Infinity }), seeds: intArg(name, value(), 1) };
        break;
      case '--minutes':
        soak = { ...(soak ?? { seeds: 1_000_000 }), minutes: intArg(name, value(), 1) };
        break;
      case '--members':
        out.members = intArg(name, value(), 1);
        if (out.members > 9) throw new CliUsageError(`--members must be <= 9\n${USAGE}`);
        break;
      case '--ticks':
        out.ticks = intArg(name, value(), 1);
        ticksFlag = true;
        break;
      case '--nemesis': {
        const v = value();
        if (!NEMESIS_KINDS.includes(v as NemesisKind)) throw new CliUsageError(`--nemesis must be one of ${NEMESIS_KINDS.join('|')}\n${USAGE}`);
        out.nemesis = v as NemesisKind;
        break;
      }
      case '--trace': {
        const v = value();
        if (v === undefined || v === '') throw new CliUsageError(`--trace needs a file\n${USAGE}`);
        out.trace = v;
        break;
      }
      case '--trace-messages':
        out.traceMessages = true;
        break;
      case '--mode':
        modeFlag = value();
        if (modeFlag !== 'raft' && modeFlag !== 'etcd') throw new CliUsageError(`--mode must be raft or etcd\n${USAGE}`);
        break;
      case '--clients':
        out.clients = intArg(name, value(), 0);
        clientsFlag = true;
        break;
      case '--history': {
        const v = value();
        if (v === undefined || v === '') throw new CliUsageError(`--history needs a file\n${USAGE}`);
        out.history = v;
        break;
      }
      case '--help':
      case '-h':
        throw new CliUsageError(USAGE);
      default:
        throw new CliUsageError(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  if (soak !== undefined) {
    if (soak.seeds === 1_000_000 && soak.minutes === Infinity) soak.minutes = 10;
    if (!seedFlag) out.seed = 0;
    if (!ticksFlag) out.ticks = 2000;
    out.soak = soak;
    out.clients = 5;
    out.mode = 'etcd';
    return out;
  }
  return resolveMode(out, modeFlag, clientsFlag);
}

function resolveMode(out: CliArgs, modeFlag: string | undefined, clientsFlag: boolean): CliArgs {
  out.mode = modeFlag === 'etcd' || (modeFlag === undefined && out.clients > 0) ? 'etcd' : 'raft';
  if (out.mode === 'raft') {
    if (out.clients > 0) throw new CliUsageError(`--clients needs --mode etcd\n${USAGE}`);
    if (out.history !== undefined) throw new CliUsageError(`--history needs etcd mode (--clients K or --mode etcd)\n${USAGE}`);
    return out;
  }
  if (!clientsFlag) out.clients = 5;
  if (out.nemesis === 'membership') throw new CliUsageError(`--nemesis membership is not supported in etcd mode\n${USAGE}`);
  return out;
}
