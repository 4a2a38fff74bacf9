import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { LessonSession } from '../../lessons/session';
import type { ConsoleStore } from '../../store/console-store';
import { lessonStore, leaveLesson, openLesson, shareUrl } from './lesson-runtime';
import { RichText } from './rich-text';

/**
 * The lesson card: the takeaway first, then one step at a time (caption, what to do, "Do it for
 * me", Next lit once the step's condition holds, Back), and the aha at the end. Renders nothing
 * when no lesson runs.
 */
export function LessonCard({ console }: { console: ConsoleStore }) {
  const session = useStore(lessonStore, (s) => s.session);
  const loadError = useStore(lessonStore, (s) => s.loadError);
  if (loadError)
    return (
      <section className="panel lesson-card" data-testid="lesson-card" data-phase="error" aria-labelledby="lesson-title">
        <h2 id="lesson-title" className="lesson-title">This lesson could not be loaded</h2>
        <p className="lesson-error">{loadError}</p>
        <button type="button" onClick={() => lessonStore.getState().setLoadError(null)}>Close</button>
      </section>
    );
  if (!session) return null;
  return <Card key={session.scenario.id + session.seed} session={session} console={console} />;
}

function Card({ session, console }: { session: LessonSession; console: ConsoleStore }) {
  const st = useSyncExternalStore(session.subscribe, session.getState);
  const catalog = useStore(lessonStore, (s) => s.catalog);
  const [copied, setCopied] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  // A new step starts at its top; once its condition holds, the explanation scrolls into view.
  useEffect(() => {
    const el = body.current;
    if (el) el.scrollTop = st.held ? el.scrollHeight : 0;
  }, [st.held, st.index, st.phase]);
  const sc = session.scenario;
  const n = sc.steps.length;
  const step = st.phase === 'step' ? sc.steps[st.index] : undefined;
  const nextLesson = catalog ? catalog[catalog.findIndex((e) => e.id === sc.id) + 1] : undefined;

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(shareUrl(session));
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      window.prompt('Copy this link', shareUrl(session));
    }
  };

  return (
    <section className="panel lesson-card" aria-labelledby="lesson-title" data-testid="lesson-card" data-lesson={sc.id} data-phase={st.phase} data-step={st.index} data-held={st.held ? 'true' : 'false'} data-busy={st.busy ? 'true' : 'false'}>
      <header className="lesson-head">
        <p className="lesson-kicker">
          Lesson · <span data-testid="lesson-progress">{st.phase === 'step' ? `step ${st.index + 1} of ${n}` : st.phase === 'done' ? 'done' : `${n} steps`}</span>
        </p>
        <div className="lesson-head-actions">
          <button type="button" className="lesson-link" onClick={() => void copy()} data-testid="lesson-copy-link" title="Copy a link that opens this lesson with the same seed and speed">
            {copied ? 'Link copied' : 'Copy link'}
          </button>
          <button type="button" className="lesson-link" onClick={leaveLesson} data-testid="lesson-leave" title="Leave the lesson; the cluster stays as it is">
            Leave lesson
          </button>
        </div>
      </header>
      <h2 id="lesson-title" className="lesson-title">{step ? step.title : sc.title}</h2>
      <div className="lesson-body" aria-live="polite" ref={body}>
        {(st.phase === 'loading' || st.phase === 'intro') && (
          <>
            <p className="lesson-takeaway" data-testid="lesson-takeaway"><RichText text={sc.takeaway} /></p>
            <p className="lesson-note">
              {st.phase === 'loading' ? `Starting a fresh ${sc.members}-member cluster for this lesson…` : `A fresh ${sc.members}-member cluster is running at ${session.speed}× speed. You can click, type and break things at any time.`}
            </p>
          </>
        )}
        {step && (
          <>
            {st.texts.say.map((p, i) => (
              <p key={i} className="lesson-say"><RichText text={p} /></p>
            ))}
            {step.cite.length > 0 && <p className="lesson-cite">Source: {step.cite.join('; ')}</p>}
            {st.texts.task && (
              <p className="lesson-task" data-testid="lesson-task">
                <span className="lesson-task-label">{step.act.length > 0 ? 'Your turn' : 'Watch'}</span> <RichText text={st.texts.task} />
              </p>
            )}
            {step.until.length > 0 && !st.held && (
              <p className="lesson-waiting" data-testid="lesson-waiting">
                Next lights up when{' '}
                {step.until.map((c, i) => (
                  <code key={i} className={st.conditions[i] ? 'ok' : ''}>{c.text}</code>
                ))}
              </p>
            )}
            {st.held && st.texts.explain && (
              <p className="lesson-explain" data-testid="lesson-explain"><RichText text={st.texts.explain} /></p>
            )}
          </>
        )}
        {st.phase === 'done' && (
          <p className="lesson-aha" data-testid="lesson-aha"><RichText text={sc.aha} /></p>
        )}
        {st.phase === 'error' && (
          <p className="lesson-error" role="alert" data-testid="lesson-error">{st.error}</p>
        )}
      </div>
      <footer className="lesson-actions">
        {(st.phase === 'step' || st.phase === 'done') && (
          <button type="button" onClick={() => session.back()} data-testid="lesson-back">Back</button>
        )}
        {step && step.act.length > 0 && (
          <button type="button" onClick={() => void session.doIt()} disabled={st.busy} data-testid="lesson-do">
            {st.busy ? 'Working…' : 'Do it for me'}
          </button>
        )}
        {(st.phase === 'loading' || st.phase === 'intro') && (
          <button type="button" className="lesson-primary" onClick={() => void session.begin()} disabled={st.phase === 'loading'} data-testid="lesson-start">
            Start
          </button>
        )}
        {st.phase === 'step' && (
          <button type="button" className="lesson-primary" onClick={() => void session.next()} disabled={!st.held || st.busy} data-testid="lesson-next">
            {st.index + 1 === n ? 'Finish' : 'Next'}
          </button>
        )}
        {st.phase === 'done' && nextLesson && (
          <button type="button" className="lesson-primary" onClick={() => void openLesson(nextLesson.id, {}, console)} data-testid="lesson-next-lesson">
            Next lesson: {nextLesson.title}
          </button>
        )}
        {(st.phase === 'done' || st.phase === 'error') && (
          <button type="button" onClick={st.phase === 'error' ? () => void openLesson(sc.id, { seed: session.seed, speed: session.speed }, console) : leaveLesson} data-testid={st.phase === 'error' ? 'lesson-restart' : 'lesson-play'}>
            {st.phase === 'error' ? 'Restart the lesson' : 'Play freely'}
          </button>
        )}
      </footer>
    </section>
  );
}
