/**
 * The console's stand-in for exec(3), used by `lock <name> <cmd...>` and `watch ... -- <cmd...>`:
 * there is no operating system in the page, so it knows `echo`, `env`, `true`, `false`,
 * `etcdctl ...` (run in-page), and `sh -c '<one of those>'` with `$VAR` expansion. Anything
 * else is rejected as Go's os/exec rejects a missing program (a thrown Error).
 */
import type { Out } from './printers/printer';
import { splitWords } from './tokenize';

/** Runs a nested etcdctl command line, writing to `out`; returns its exit code. */
export type NestedEtcdctl = (argv: string[], env: Record<string, string>, out: Out, signal: AbortSignal) => Promise<number>;

function expand(script: string, env: Record<string, string>): string {
  return script.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => env[name] ?? '');
}

/** Builds the exec function for a console, given how to run a nested etcdctl. */
export function makeExec(etcdctl: NestedEtcdctl) {
  const exec = async (argv: string[], env: Record<string, string>, out: Out, signal: AbortSignal): Promise<number> => {
    const [prog, ...rest] = argv;
    const name = prog?.split('/').at(-1);
    switch (name) {
      case 'echo':
        out.out(rest.join(' ') + '\n');
        return 0;
      case 'env':
        out.out(Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
        return 0;
      case 'true':
        return 0;
      case 'false':
        return 1;
      case 'etcdctl':
        return etcdctl(rest, env, out, signal);
      case 'sh':
      case 'bash': {
        if (rest[0] !== '-c' || rest[1] === undefined) break;
        const words = splitWords(rest[1]).map((w) => expand(w, env));
        if (words[0] === 'exit') return Number(words[1] ?? '0');
        return exec(words, env, out, signal);
      }
    }
    throw new Error(`exec: ${JSON.stringify(prog ?? '')}: executable file not found in $PATH`);
  };
  return exec;
}
