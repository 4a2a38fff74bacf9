/** Command-line flags of `npm run bench` (see HELP). */

/** What `--help` prints. */
export const HELP = `npm run bench -- [flags]

Builds etcdscope, serves it, and measures the in-page cluster in headless Chromium.
Prints one JSON object per measurement on stdout (also e2e/artifacts/bench/last.jsonl),
then {"name":"summary",...}; progress on stderr.

  --members 1,3           cluster sizes for the put/get matrix (add 5 for reference)
  --clients 1,16,128      concurrent clients (closed loop) per workload
  --durability strict,relaxed  IndexedDB durability of the members for the put matrix:
                          strict (etcd's fsync, the page's default) runs every workload,
                          relaxed only the puts (named put/mN/cK/relaxed); the other
                          measurements run strict
  --warmup 3              seconds of load before each measurement window
  --duration 5            seconds measured per workload (and for frame times)
  --only a,b              run only measurements whose name contains one of these
                          (names: put/m3/c128, get-lin/m1/c16, get-ser/..., put-default-links/...,
                          load-to-leader/m3, restart/m3/keysN, compact/m3/versionsN,
                          frames/m3/..., profile/put/m3/c128)
  --restart-keys 10000    keys the restarted member holds (the issue's figure: 100000)
  --compact-revisions 100000  key versions written before the full compaction (issue: 1000000)
  --frame-members 3       members while measuring frame times (the issue's figure: 5)
  --frame-rate 1000       target writes/s while measuring frame times
  --link-delay 0          one-way delay of every link in ms for the matrix, like etcd on
                          127.0.0.1; "default" keeps the page's 2-8 ms
  --wait-quiet 0          before each measurement, wait up to this many seconds for a second
                          in which other processes use < 15% of the CPU (each record says
                          how much they used: machine.other_cpu_pct)
  --no-profile            skip the CPU profile
  --profile-duration 4    seconds profiled (puts at the highest client count, 3 members)
  CHROME_PATH             the Chromium binary (default /usr/bin/chromium)
`;

const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const nums = (s, flag) =>
  list(s).map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag}: ${x} is not a positive integer`);
    return n;
  });
const num = (s, flag) => {
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag}: ${s} is not a number`);
  return n;
};

/** Parses argv (after the script name); throws on an unknown flag. */
export function parseArgs(argv) {
  const o = {
    help: false,
    members: [1, 3],
    clients: [1, 16, 128],
    durability: ['strict', 'relaxed'],
    warmup: 3,
    duration: 5,
    only: [],
    restartKeys: 10_000,
    compactRevisions: 100_000,
    frameMembers: 3,
    frameRate: 1000,
    linkDelay: 0,
    profile: true,
    profileDuration: 4,
    waitQuiet: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let val;
    const eq = flag.indexOf('=');
    if (eq > 0) [flag, val] = [flag.slice(0, eq), flag.slice(eq + 1)];
    const next = () => {
      if (val !== undefined) return val;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--members':
        o.members = nums(next(), flag);
        for (const m of o.members) if (![1, 3, 5, 7].includes(m)) throw new Error(`--members: the page runs 1, 3, 5 or 7 members, not ${m}`);
        break;
      case '--durability':
        o.durability = list(next());
        for (const d of o.durability) if (d !== 'strict' && d !== 'relaxed') throw new Error(`--durability: ${d} is neither strict nor relaxed`);
        break;
      case '--clients':
        o.clients = nums(next(), flag);
        break;
      case '--warmup':
        o.warmup = num(next(), flag);
        break;
      case '--duration':
        o.duration = num(next(), flag);
        break;
      case '--only':
        o.only = list(next());
        break;
      case '--restart-keys':
        o.restartKeys = nums(next(), flag)[0];
        break;
      case '--compact-revisions':
        o.compactRevisions = nums(next(), flag)[0];
        break;
      case '--frame-members':
        o.frameMembers = nums(next(), flag)[0];
        break;
      case '--frame-rate':
        o.frameRate = num(next(), flag);
        break;
      case '--link-delay': {
        const v = next();
        o.linkDelay = v === 'default' ? null : num(v, flag);
        break;
      }
      case '--wait-quiet':
        o.waitQuiet = num(next(), flag);
        break;
      case '--no-profile':
        o.profile = false;
        break;
      case '--profile-duration':
        o.profileDuration = num(next(), flag);
        break;
      default:
        throw new Error(`unknown flag ${flag} (npm run bench -- --help)`);
    }
  }
  return o;
}
