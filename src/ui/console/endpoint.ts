/**
 * Which endpoint the console talks to: the selected member's client URL, etcd's Procfile layout
 * (infra1 -> 127.0.0.1:2379, infra2 -> :22379, ...), or etcdctl's own default when none is selected.
 */
import { clientPort } from '../../cluster/layout';

/** etcdctl's default `--endpoints`. */
export const DEFAULT_ENDPOINT = '127.0.0.1:2379';

/** The client endpoint of member `infraN`, or undefined for a name of another shape. */
export function endpointOfMember(name: string): string | undefined {
  const m = /^infra(\d+)$/.exec(name);
  return m ? `127.0.0.1:${clientPort(Number(m[1]))}` : undefined;
}
