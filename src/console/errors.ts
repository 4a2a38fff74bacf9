/**
 * etcdctl's exit codes (etcdctl/ctlv3/command/error.go) and the error that carries one.
 */

/** etcdctl exit codes, etcd-spec.md section 1.2. */
export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  IO: 6,
  BadArgs: 128,
} as const;

/** One of etcdctl's exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error etcdctl reports with `Error: <message>` on stderr and then exits with `code`
 * (its `ExitWithError`). Commands throw it; the runner prints it.
 */
export class ExitError extends Error {
  readonly code: number;
  /** Text printed on stderr before the `Error:` line (cobra's usage block in txn op errors). */
  readonly stderrBefore: string;
  constructor(code: number, message: string, stderrBefore = '') {
    super(message);
    this.name = 'ExitError';
    this.code = code;
    this.stderrBefore = stderrBefore;
  }
}

/**
 * A cobra usage error (unknown flag, bad flag value): the runner prints the command's usage on
 * stdout and `Error: <message>` twice on stderr (cobra, then etcdctl), exit 1.
 */
export class FlagError extends Error {
  /** Command path whose usage text is printed (`get`, `lease grant`). */
  readonly commandPath: string;
  constructor(commandPath: string, message: string) {
    super(message);
    this.name = 'FlagError';
    this.commandPath = commandPath;
  }
}

/** The printer does not support the requested `-w` format for this response (exit 4). */
export function unsupportedFormat(format: string): ExitError {
  return new ExitError(ExitCode.BadFeature, `${format} not supported as output format`);
}

/** The message of anything thrown by a ClusterClient (an Error's message, else its string form). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
