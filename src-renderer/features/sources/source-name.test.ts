import { describe, expect, it } from 'vitest';
import { instanceNameForSource } from './source-name';

describe('instanceNameForSource', () => {
  it('names a file by its name, on POSIX and Windows paths', () => {
    expect(instanceNameForSource('/var/log/app.log')).toBe('app.log');
    expect(instanceNameForSource('  /var/log/app.log  ')).toBe('app.log');
    expect(instanceNameForSource('C:\\logs\\service.log')).toBe('service.log');
    expect(instanceNameForSource('relative/x.ndjson')).toBe('x.ndjson');
  });

  it('names a glob by the folder it reads', () => {
    expect(instanceNameForSource('/var/log/app/*.log')).toBe('app');
    expect(instanceNameForSource('/srv/logs/access-?.log')).toBe('logs');
  });

  it('gives no name where there is none to take', () => {
    expect(instanceNameForSource('')).toBe('');
    expect(instanceNameForSource('/')).toBe('');
    expect(instanceNameForSource('*.log')).toBe('');
    expect(instanceNameForSource('/var/*/x/*.log')).toBe('x');
    expect(instanceNameForSource('/var/log/*/*.log')).toBe('');
  });
});
