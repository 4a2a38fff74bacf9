/** Copying the console's text and downloading the files it writes (`snapshot save`). */

/** Puts `text` on the clipboard (the async Clipboard API, or a hidden textarea where it is missing). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not allowed or not there: fall back below.
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}

/** Offers `bytes` as a download named after the file etcdctl wrote. */
export function downloadFile(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').pop() || 'snapshot.db';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
