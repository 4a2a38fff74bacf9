/**
 * curl's command line, the part etcd's docs and learners use: `curl [-L] [-s] [-S] [-i] [-f] [-v]
 * [-X METHOD] [-d DATA | --data DATA | --data-binary DATA | --data-raw DATA] [-H HEADER]
 * [-m SECONDS] URL...` in any order, short flags clustered (`-sL`, `-XPOST`, `-d'{…}'`), with
 * curl 7.88's own messages for what it rejects.
 */

/** What a curl line asks for. */
export interface CurlArgs {
  urls: string[];
  /** `-X`; undefined means GET, or POST when there is data. */
  method?: string;
  /** `-d` pieces joined with `&`, as curl joins them; undefined when no data option was given. */
  data?: string;
  /** Files named by `-d @file` (curl warns it cannot read them here and posts nothing for them). */
  unreadableFiles: string[];
  headers: string[];
  silent: boolean;
  showError: boolean;
  include: boolean;
  fail: boolean;
  /** `-v`: narrate the exchange on stderr. */
  verbose: boolean;
  /** `-m`: give up after this many seconds (exit 28). */
  maxTimeSec?: number;
}

/** A command line curl refuses: the stderr text (without the `try 'curl --help'` line) and exit code 2. */
export class CurlUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CurlUsageError';
  }
}

type Kind = 'flag' | 'value';
/** Options curl knows, by short and long name, and whether they take a value. */
const OPTIONS: [string | undefined, string, Kind][] = [
  ['L', 'location', 'flag'],
  ['s', 'silent', 'flag'],
  ['S', 'show-error', 'flag'],
  ['i', 'include', 'flag'],
  ['f', 'fail', 'flag'],
  ['v', 'verbose', 'flag'],
  ['N', 'no-buffer', 'flag'],
  ['k', 'insecure', 'flag'],
  [undefined, 'compressed', 'flag'],
  ['X', 'request', 'value'],
  ['d', 'data', 'value'],
  [undefined, 'data-ascii', 'value'],
  [undefined, 'data-binary', 'value'],
  [undefined, 'data-raw', 'value'],
  ['H', 'header', 'value'],
  ['m', 'max-time', 'value'],
  [undefined, 'url', 'value'],
];
const BY_SHORT = new Map(OPTIONS.filter((o) => o[0]).map((o) => [o[0]!, o]));
const BY_LONG = new Map(OPTIONS.map((o) => [o[1], o]));

function apply(args: CurlArgs, long: string, value: string | undefined, shown: string): void {
  switch (long) {
    case 'location':
    case 'no-buffer':
    case 'insecure':
    case 'compressed':
      return;
    case 'silent':
      args.silent = true;
      return;
    case 'show-error':
      args.showError = true;
      return;
    case 'include':
      args.include = true;
      return;
    case 'fail':
      args.fail = true;
      return;
    case 'verbose':
      args.verbose = true;
      return;
    case 'request':
      args.method = value!;
      return;
    case 'header':
      args.headers.push(value!);
      return;
    case 'url':
      args.urls.push(value!);
      return;
    case 'max-time': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < 0) throw new CurlUsageError(`option ${shown}: expected a proper numerical parameter`);
      args.maxTimeSec = n;
      return;
    }
    default: {
      let piece = value!;
      if (piece.startsWith('@') && long !== 'data-raw') {
        args.unreadableFiles.push(piece.slice(1));
        piece = '';
      }
      args.data = args.data === undefined ? piece : `${args.data}&${piece}`;
    }
  }
}

/** Parses curl's arguments (without the leading `curl`). Throws CurlUsageError. */
export function parseCurlArgs(argv: readonly string[]): CurlArgs {
  const args: CurlArgs = { urls: [], unreadableFiles: [], headers: [], silent: false, showError: false, include: false, fail: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const opt = BY_LONG.get(a.slice(2));
      if (!opt) throw new CurlUsageError(`option ${a}: is unknown`);
      let value: string | undefined;
      if (opt[2] === 'value') {
        if (i + 1 >= argv.length) throw new CurlUsageError(`option ${a}: requires parameter`);
        value = argv[++i]!;
      }
      apply(args, opt[1], value, a);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const opt = BY_SHORT.get(a[j]!);
        const shown = `-${a[j]}`;
        if (!opt) throw new CurlUsageError(`option ${shown}: is unknown`);
        if (opt[2] === 'flag') {
          apply(args, opt[1], undefined, shown);
          continue;
        }
        let value = a.slice(j + 1);
        if (value === '') {
          if (i + 1 >= argv.length) throw new CurlUsageError(`option ${shown}: requires parameter`);
          value = argv[++i]!;
        }
        apply(args, opt[1], value, shown);
        break;
      }
    } else args.urls.push(a);
  }
  if (args.urls.length === 0) throw new CurlUsageError('no URL specified!');
  return args;
}
