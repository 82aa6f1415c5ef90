import { z } from 'zod';
import { structuralLimits } from './limits';
import { isWellFormed, notWellFormed } from './well-formed';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonProblem {
  path: (string | number)[];
  message: string;
  /** The problem is text that is not well-formed Unicode (which an import may repair). */
  illFormedText?: true;
}

/**
 * Checks that a value is plain JSON: finite numbers, plain objects and arrays, no `__proto__`
 * keys (a prototype-pollution vector for whoever reads the event later), bounded depth, and
 * strings and keys that are well-formed Unicode (well-formed.ts).
 * It runs on every event of every batch and import: a walk that allocates nothing answers the
 * common case; only a value with a problem is walked again to say where.
 */
export function findJsonProblem(
  value: unknown,
  maxDepth: number = structuralLimits.maxJsonDepth,
): JsonProblem | null {
  return isCleanJson(value, 0, maxDepth) ? null : locateJsonProblem(value, maxDepth);
}

/** findJsonProblem(v) === null, without building a path per node (recursion is bounded by maxDepth). */
export function isCleanJson(
  v: unknown,
  depth: number,
  maxDepth: number = structuralLimits.maxJsonDepth,
): boolean {
  switch (typeof v) {
    case 'string':
      return isWellFormed(v);
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (depth >= maxDepth) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++)
          if (!isCleanJson(v[i], depth + 1, maxDepth)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key === '__proto__' || !isWellFormed(key)) return false;
        if (!isCleanJson((v as Record<string, unknown>)[key], depth + 1, maxDepth)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** The first problem of a value that has one, with its path: one iterative walk. */
function locateJsonProblem(value: unknown, maxDepth: number): JsonProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    switch (typeof v) {
      case 'string':
        if (!isWellFormed(v)) return { path, message: notWellFormed(v), illFormedText: true };
        continue;
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(v)) return { path, message: `${String(v)} is not a JSON number` };
        continue;
      case 'object': {
        if (v === null) continue;
        if (path.length >= maxDepth) {
          return { path, message: `nested deeper than ${maxDepth} levels` };
        }
        if (Array.isArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
          continue;
        }
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          return { path, message: 'must be a plain JSON object' };
        }
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          if (key === '__proto__')
            return { path: [...path, key], message: 'the key "__proto__" is not allowed' };
          if (!isWellFormed(key)) {
            return {
              path: [...path, key],
              message: `the key ${notWellFormed(key)}`,
              illFormedText: true,
            };
          }
          stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
        }
        continue;
      }
      default:
        return { path, message: `${typeof v} is not a JSON value` };
    }
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A JSON object (payload, metadata): plain, finite, bounded. */
export const jsonObjectSchema = z.unknown().superRefine((value, ctx) => {
  if (!isPlainObject(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return;
  }
  const problem = findJsonProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
}) as unknown as z.ZodType<JsonObject, JsonObject>;
