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
