/**
 * Opening and leaving lessons on the page: loads the catalog and scripts from
 * public/scenarios/, starts a LessonSession over the page's world, keeps the URL shareable
 * (`?lesson=<id>&seed=N&speed=X`) and looks at the world a few times a second while a step runs.
 */
import { parseIndex } from '../../lessons/catalog';
import { parseScenario } from '../../lessons/parse';
import { LessonSession, type SessionOptions } from '../../lessons/session';
import type { ConsoleStore } from '../../store/console-store';
import { createLessonStore, type CatalogEntry } from '../../store/lesson-store';
import { pageWorld } from './page-world';

/** The page's lesson store (one per page, shared by the menu and the card). */
export const lessonStore = createLessonStore();

/** How often a running step looks at the cluster, in ms. */
const CHECK_MS = 250;

const base = (): string => `${import.meta.env.BASE_URL}scenarios/`;

async function fetchText(name: string): Promise<string> {
  const r = await fetch(base() + name);
  if (!r.ok) throw new Error(`scenarios/${name}: ${r.status} ${r.statusText}`);
  return r.text();
}

let catalogLoading: Promise<CatalogEntry[]> | undefined;

/** Loads the catalog once (index.txt, then each script's title). */
export function loadCatalog(): Promise<CatalogEntry[]> {
  catalogLoading ??= (async () => {
    try {
      const index = parseIndex(await fetchText('index.txt'));
      const titles = await Promise.all(index.map(async (e) => /^title\s+(.+)$/m.exec(await fetchText(`${e.id}.txt`))?.[1] ?? e.id));
      const catalog = index.map((e, i) => ({ id: e.id, group: e.group, title: titles[i]!, number: i + 1 }));
      lessonStore.getState().setCatalog(catalog);
      return catalog;
    } catch (e) {
      lessonStore.getState().setCatalogError((e as Error).message);
      catalogLoading = undefined;
      throw e;
    }
  })();
  return catalogLoading;
}

let stopChecking: (() => void) | undefined;
/** The console of the running lesson (its default endpoints are cleared on leaving). */
let lessonConsole: ConsoleStore | undefined;

/** Writes the lesson, seed and speed into the address bar (or removes them). */
function syncUrl(session: LessonSession | null): void {
  const url = new URL(window.location.href);
  for (const k of ['lesson', 'seed', 'speed']) url.searchParams.delete(k);
  if (session) {
    url.searchParams.set('lesson', session.scenario.id);
    url.searchParams.set('seed', String(session.seed));
    url.searchParams.set('speed', String(session.speed));
  }
  window.history.replaceState(null, '', url);
}

/** The shareable address of a session. */
export function shareUrl(session: LessonSession): string {
  const url = new URL(window.location.href);
  url.search = '';
  url.searchParams.set('lesson', session.scenario.id);
  url.searchParams.set('seed', String(session.seed));
  url.searchParams.set('speed', String(session.speed));
  return url.toString();
}

/** Opens a lesson: a fresh cluster, its setup, then the intro card. */
export async function openLesson(id: string, opts: SessionOptions, console: ConsoleStore): Promise<void> {
  leaveLesson();
  void loadCatalog().catch(() => {}); // for "Next lesson" at the end
  let session: LessonSession;
  try {
    session = new LessonSession(parseScenario(id, await fetchText(`${id}.txt`)), pageWorld(console), opts);
  } catch (e) {
    lessonStore.getState().setLoadError((e as Error).message);
    return;
  }
  lessonStore.getState().setSession(session);
  lessonConsole = console;
  syncUrl(session);
  const timer = setInterval(() => void session.check(), CHECK_MS);
  stopChecking = () => clearInterval(timer);
  await session.start();
}

/** Leaves the lesson: the cluster stays as it is, to play with freely. */
export function leaveLesson(): void {
  stopChecking?.();
  stopChecking = undefined;
  lessonConsole?.getState().setLessonEndpoints(null);
  lessonConsole = undefined;
  if (lessonStore.getState().session) syncUrl(null);
  lessonStore.getState().setSession(null);
}

/** Opens the lesson the address names (`?lesson=02-log-replication&seed=3&speed=0.5`), if any. */
export function openFromUrl(console: ConsoleStore): void {
  const q = new URLSearchParams(window.location.search);
  const id = q.get('lesson');
  if (!id || !/^[a-z0-9-]+$/.test(id)) return;
  const opts: SessionOptions = {};
  const seed = Number(q.get('seed'));
  const speed = Number(q.get('speed'));
  if (q.has('seed') && Number.isInteger(seed) && seed >= 0) opts.seed = seed;
  if (q.has('speed') && speed > 0 && speed <= 64) opts.speed = speed;
  void openLesson(id, opts, console);
}
