import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIndex } from './catalog';
import { lintScenario } from './lint';
import { parseScenario } from './parse';

/** Every lesson in public/scenarios parses, names only real paths, and is listed in index.txt. */
const dir = join(__dirname, '../../public/scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt') && f !== 'index.txt');

describe('public/scenarios', () => {
  it('index.txt lists every lesson file exactly once', () => {
    const ids = parseIndex(readFileSync(join(dir, 'index.txt'), 'utf8')).map((e) => e.id);
    expect([...ids].sort()).toEqual(files.map((f) => f.replace(/\.txt$/, '')).sort());
  });

  it.each(files)('%s parses and names only real paths', (f) => {
    const sc = parseScenario(f.replace(/\.txt$/, ''), readFileSync(join(dir, f), 'utf8'));
    expect(lintScenario(sc)).toEqual([]);
  });
});

describe('lintScenario', () => {
  it('reports a misspelt placeholder with its line', () => {
    const sc = parseScenario('x', 'title T\ntakeaway t\naha a\nstep S\nsay {leadr} leads\ndo kill {leader}\nuntil infra1.colour == red\n');
    expect(lintScenario(sc)).toEqual([expect.stringMatching(/^x\.txt:4: "leadr" names nothing/), expect.stringMatching(/^x\.txt:7: unknown field in infra1\.colour/)]);
  });
});
