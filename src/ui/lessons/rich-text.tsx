/** Caption text with `backticks` shown as code (commands, keys, values); everything else is plain text. */
export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>;
}
