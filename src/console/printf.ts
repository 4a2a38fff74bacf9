/**
 * bash's `printf` (escapes only; `%s` substitutes the next argument) and `echo`, the two
 * producers a console line may pipe into etcdctl or substitute with `$(...)`.
 */
import { rawByte } from './format';

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/** `printf FORMAT [ARG...]`: backslash escapes, `%s`/`%d` take arguments, `%%` is a percent sign. */
export function printfText(args: string[]): string {
  const fmt = args[0] ?? '';
  let next = 1;
  return fmt.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)|%([sd%])/g, (_, e: string | undefined, conv: string | undefined) => {
    if (conv !== undefined) return conv === '%' ? '%' : (args[next++] ?? (conv === 'd' ? '0' : ''));
    if (e![0] === 'x') return rawByte(parseInt(e!.slice(1), 16));
    if (/^[0-7]/.test(e!)) return rawByte(parseInt(e!, 8) & 0xff);
    return ESC[e!] ?? '\\' + e;
  });
}

/** `echo [-n] ARG...`. */
export function echoText(args: string[]): string {
  if (args[0] === '-n') return args.slice(1).join(' ');
  return args.join(' ') + '\n';
}
