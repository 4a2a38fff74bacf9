/**
 * The console's own `help`: what this console is and how to drive it. `help <command>` and
 * `<command> --help` are etcdctl's own usage texts.
 */
export function consoleHelp(): string {
  return [
    'etcdctl 3.4 against the cluster on this page. Type commands as you would in a terminal;',
    'a leading `etcdctl` is optional, so lines pasted from etcd\'s docs work as they are.',
    '',
    '  put name dazuo              write a key            get name --prefix       read keys',
    '  del name                    delete a key           watch name              stream changes (Ctrl-C stops)',
    '  lease grant 60              a lease of 60 s        lock mylock             hold a lock until Ctrl-C',
    '  member list -w table        the members            endpoint status --cluster -w table',
    '  txn -i                      an interactive txn     curl -L http://127.0.0.1:2379/v3/kv/range -X POST -d \'{"key":"bmFtZQ=="}\'',
    '',
    'Commands go to the selected member (click one in the ring); --endpoints overrides it.',
    'Tabs are separate shells: run `watch` in one, `put` in another. Shell: && || ; | > & $VAR.',
    'Keys: Tab completes · Up/Down history · Ctrl-C stops · Ctrl-D ends input · Ctrl-L clears · / focuses',
    'More: `help <command>` (etcdctl\'s usage), `history`, `clear`.',
    '',
  ].join('\n');
}
