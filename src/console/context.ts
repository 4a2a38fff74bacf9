/**
 * What a running etcdctl command sees: its arguments and flags, the global options, the client,
 * stdin/stdout, the Ctrl-C signal and a clock - the console's stand-in for a process.
 */
import type { ClusterClient } from './client';
import type { CallOptions } from './client-types';
import type { CommandNode } from './command-tree';
import type { FlagValues } from './flags';
import type { StdinReader } from './io';
import { newPrinter } from './printers/index';
import type { Out, Printer } from './printers/printer';

/** etcdctl's global flags after parsing. */
export interface GlobalOptions {
  /** `--endpoints` as given, or etcdctl's default `[127.0.0.1:2379]`. */
  endpoints: string[];
  writeOut: string;
  hex: boolean;
  commandTimeoutMs: number;
  dialTimeoutMs: number;
}

/** Host services a command may use beyond the client: time, files, nested commands. */
export interface HostServices {
  /** Milliseconds on a monotonic clock (health `took`, check perf). */
  now(): number;
  /** Resolves after `ms`, or rejects with `context canceled` when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The console's files (`snapshot save` writes here; `snapshot status` reads). */
  files: Map<string, Uint8Array>;
  /** Called when `snapshot save` produced a file, so the page can offer a download. */
  onSnapshotSaved?: (name: string, image: Uint8Array) => void;
  /** Runs an exec'd command (`lock name cmd...`, `watch ... -- cmd`); returns its exit code. */
  exec(argv: string[], env: Record<string, string>, out: Out, signal: AbortSignal): Promise<number>;
}

/** The context handed to each command's run function. */
export class CommandContext {
  private printers = new Map<boolean, Printer>();

  constructor(
    readonly node: CommandNode,
    readonly args: string[],
    /** Index of `--` in args, or -1. */
    readonly argsLenAtDash: number,
    readonly flags: FlagValues,
    readonly global: GlobalOptions,
    readonly out: Out,
    readonly stdin: StdinReader,
    readonly signal: AbortSignal,
    readonly env: Record<string, string>,
    readonly host: HostServices,
    private readonly cluster: ClusterClient,
  ) {}

  /** The printer for `-w` (etcdctl's display); throws `unsupported output format` for an unknown one. */
  display(valueOnly = false): Printer {
    let p = this.printers.get(valueOnly);
    if (!p) {
      p = newPrinter(this.global.writeOut, this.out, this.global.hex, valueOnly);
      this.printers.set(valueOnly, p);
    }
    return p;
  }

  /** etcdctl's mustClientFromCmd: checks the output format, then hands out the client. */
  client(): ClusterClient {
    this.display();
    return this.cluster;
  }

  /** Options for a short command: `--command-timeout`, the endpoints, Ctrl-C. */
  callOpts(): CallOptions {
    return { endpoints: this.global.endpoints, timeoutMs: this.global.commandTimeoutMs, dialTimeoutMs: this.global.dialTimeoutMs, signal: this.signal };
  }

  /** Options for calls etcdctl makes with context.Background() (txn, watch, lease list...): no timeout. */
  streamOpts(signal: AbortSignal = this.signal): CallOptions {
    return { endpoints: this.global.endpoints, dialTimeoutMs: this.global.dialTimeoutMs, signal };
  }
}

/** A command implementation: returns the exit code (default 0) or throws ExitError. */
export type RunFn = (ctx: CommandContext) => Promise<number | void>;
