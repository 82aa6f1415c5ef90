import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filesInArgv, OpenQueue } from './open-requests';

afterEach(() => vi.useRealTimers());

describe('files among the arguments (Open with, a second start)', () => {
  it('takes the files after the executable and app folder, resolved against the cwd', () => {
    const argv = ['/opt/electron', '/src/app', 'access.log', '/var/log/syslog'];
    expect(filesInArgv(argv, 2, '/home/me')).toEqual([
      path.resolve('/home/me', 'access.log'),
      '/var/log/syslog',
    ]);
    // Packaged: the executable alone leads.
    expect(filesInArgv(['/opt/Eventlens/eventlens', 'a.ndjson'], 1, '/tmp')).toEqual([
      path.resolve('/tmp', 'a.ndjson'),
    ]);
  });

  it('skips options, the value of --db, Chromium switches and eventlens:// links', () => {
    const argv = [
      '/opt/eventlens',
      '--db',
      'other.db',
      '--no-sandbox',
      '--allow-file-access-from-files',
      '--db=x.db',
      'eventlens://app/#instance=abc',
      'app.log',
    ];
    expect(filesInArgv(argv, 1, '/w')).toEqual([path.resolve('/w', 'app.log')]);
  });

  it('takes everything after -- as a file, even names that start with a dash', () => {
    expect(filesInArgv(['/e', '--', '-odd.log', 'b.log'], 1, '/w')).toEqual([
      path.resolve('/w', '-odd.log'),
      path.resolve('/w', 'b.log'),
    ]);
  });
});

describe('OpenQueue (macOS open-file events, before and after ready)', () => {
  it('queues files until ready, then hands them over at once, without repeats', () => {
    const q = new OpenQueue();
    const got: string[][] = [];
    q.add(['/a.log']);
    q.add(['/b.log', '/a.log']);
    expect(got).toEqual([]);
    q.ready((files) => got.push(files));
    expect(got).toEqual([['/a.log', '/b.log']]);
  });

  it('after ready, gathers one burst of events (a drop of several files on the Dock) into one open', () => {
    vi.useFakeTimers();
    const q = new OpenQueue(100);
    const got: string[][] = [];
    q.ready((files) => got.push(files));
    q.add(['/a.log']);
    q.add(['/b.log']);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(got).toEqual([['/a.log', '/b.log']]);
    q.add(['/c.log']);
    vi.advanceTimersByTime(100);
    expect(got).toEqual([['/a.log', '/b.log'], ['/c.log']]);
  });
});
