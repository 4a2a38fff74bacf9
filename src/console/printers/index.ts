/**
 * Picks the printer for a `-w` format (etcdctl's NewPrinter).
 */
import { ExitCode, ExitError } from '../errors';
import { FieldsPrinter } from './fields';
import { JSONPrinter } from './json';
import type { Out, Printer } from './printer';
import { UnsupportedPrinter } from './printer';
import { SimplePrinter } from './simple';
import { TablePrinter } from './table';

/**
 * The printer for `format`; throws `unsupported output format` (exit 4) for a name etcdctl
 * does not know. `protobuf` is known but not implemented here: every response reports
 * `protobuf not supported as output format`.
 */
export function newPrinter(format: string, o: Out, hex: boolean, valueOnly = false): Printer {
  switch (format) {
    case 'simple':
      return new SimplePrinter(o, hex, valueOnly);
    case 'json':
      return new JSONPrinter(o);
    case 'fields':
      return new FieldsPrinter(o);
    case 'table':
      return new TablePrinter(o);
    case 'protobuf':
      return new UnsupportedPrinter('protobuf', o);
    default:
      throw new ExitError(ExitCode.BadFeature, 'unsupported output format');
  }
}
