import { parseField } from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { operatorFacts } from '../../../src-shared/contract/operators';
import type { Condition, WhereNode } from '../../../src-shared/contract/query';

/**
 * The quick filter's little language, until the query builder takes over the query bar:
 *   field:value  field=value    → eq          (value read as JSON when it is a number, true,
 *   -field:value field!=value   → neq          false, null or "quoted"; else as text)
 *   anything else               → payload.message contains the text
 */
export function parseQuickFilter(
  text: string,
): { ok: true; condition: Condition } | { ok: false; message: string } {
  const input = text.trim();
  if (input === '') return { ok: false, message: 'type a field:value or some text' };
  const m = /^(-?)([^\s:=!]+)\s*(!=|:|=)\s*(.*)$/u.exec(input);
  if (m && !/^https?$/u.test(m[2]!)) {
    const [, minus, field, op, raw] = m as unknown as [string, string, string, string, string];
    const parsed = parseField(field);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    return {
      ok: true,
      condition: { field, operator: minus || op === '!=' ? 'neq' : 'eq', value: readValue(raw) },
    };
  }
  return { ok: true, condition: { field: 'payload.message', operator: 'contains', value: input } };
}

function readValue(raw: string): JsonValue {
  const t = raw.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|".*")$/u.test(t)) {
    try {
      return JSON.parse(t) as JsonValue;
    } catch {
      return t;
    }
  }
  return t;
}

/** A condition as a chip shows it. */
export function describeCondition(node: WhereNode): string {
  if ('field' in node) {
    const value = node.value === undefined ? '' : ` ${JSON.stringify(node.value)}`;
    return `${node.field} ${operatorFacts[node.operator].chip}${value}`;
  }
  return JSON.stringify(node);
}
