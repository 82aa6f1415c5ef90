import type { z } from 'zod';

/** `events[3].payload["a.b"]`: a path a person can find in what they sent. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/u.test(seg))
      out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** One sentence per problem, `path: what is wrong`, first problems first. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const lines = issues.slice(0, max).map((issue) => {
    const path = [...issue.path];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
    } else if (issue.code === 'invalid_type' && message.startsWith('Invalid input: expected')) {
      message = message.replace('Invalid input: expected', 'expected');
    }
    const where = formatPath(path);
    return where ? `${where}: ${message}` : message;
  });
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return lines.join('; ') + more;
}
