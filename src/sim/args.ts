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
}

/** CliUsageError is thrown for a malformed command line; its message is the usage text. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** USAGE is the CLI's help text. */
export const USAGE =
  'usage: npm run sim -- --seed N --members M --ticks T --nemesis none|partition|crash|all|membership [--trace FILE] [--trace-messages]';

function intArg(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new CliUsageError(`${flag} needs a non-negative integer\n${USAGE}`);
  const n = Number(v);
  if (n < min) throw new CliUsageError(`${flag} must be >= ${min}\n${USAGE}`);
  return n;
}

/** parseArgs parses the CLI's argv (without node and the script path). */
export function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { seed: 1, members: 3, ticks: 10_000, nemesis: 'none', traceMessages: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes('=') ? flag.split('=', 2) : [flag, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--seed':
        out.seed = intArg(name, value(), 0);
        break;
      case '--members':
        out.members = intArg(name, value(), 1);
        if (out.members > 9) throw new CliUsageError(`--members must be <= 9\n${USAGE}`);
        break;
      case '--ticks':
        out.ticks = intArg(name, value(), 1);
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
      case '--help':
      case '-h':
        throw new CliUsageError(USAGE);
      default:
        throw new CliUsageError(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return out;
}
