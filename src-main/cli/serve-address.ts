/**
 * The line `eventlens serve` prints once it listens, and how a process that started it finds
 * the address in it (the tests' serve processes, the start bench). One place for both sides.
 */
export function serveAddressLine(url: string): string {
  return `Open ${url}`;
}

const addressLine = /^Open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)(?:#\S*)?)$/u;

/** The address a line of serve's output gives, or null when it is another line. */
export function serveAddressIn(line: string): { url: string; port: number; token: string } | null {
  const m = addressLine.exec(line);
  return m ? { url: m[1]!, port: Number(m[2]), token: m[3]! } : null;
}
