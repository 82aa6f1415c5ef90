/**
 * Hands bytes made in the page (chart images) to the user. Browser mode: a download (the browser
 * asks where, or uses its downloads folder). The desktop app passes the same bytes to main, which
 * shows a save dialog (see export-bridge.ts); the page never names a path itself.
 */
import { exportBridge } from './export-bridge';

export async function saveBlob(blob: Blob, fileName: string): Promise<'saved' | 'cancelled'> {
  const bridge = exportBridge();
  if (bridge) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const answer = await bridge.saveImage({ fileName, bytes });
    if (!answer.ok) throw new Error(answer.error);
    return answer.saved ? 'saved' : 'cancelled';
  }
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference to the bytes by now; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return 'saved';
}

/** A file name from free text: no path separators or control characters, not empty. */
export function safeFileName(text: string, fallback = 'export'): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/u, '')
    .slice(0, 120);
  return cleaned === '' ? fallback : cleaned;
}
