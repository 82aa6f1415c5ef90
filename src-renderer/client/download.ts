/**
 * Browser mode: hands a file to the browser's downloads (where it asks, or its downloads
 * folder), by a link it clicks itself. `href` is a same-origin address or a blob: URL.
 */
export function startDownload(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Bytes made in the page, as a download; the URL is revoked once the browser has them. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  startDownload(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
