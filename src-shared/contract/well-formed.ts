import type { z } from 'zod';

/**
 * Well-formed Unicode text: a JavaScript string holding no lone UTF-16 surrogate. A lone
 * surrogate has no UTF-8 form, so SQLite would store U+FFFD in its place: the stored text would
 * differ from what was acknowledged, and an idempotent retry of the same call would then be
 * answered CONFLICT. Every boundary refuses such text (the contract's schemas, via these
 * helpers); imports repair it (docs/importing.md).
 *
 * `String.prototype.isWellFormed` / `toWellFormed` (ES2024) are in Node 20 and Chromium but not
 * in the ES2023 library the project compiles against, hence the typed lookups and fallbacks.
 */
type WellFormedMethods = {
  isWellFormed?: (this: string) => boolean;
  toWellFormed?: (this: string) => string;
};
const methods = String.prototype as WellFormedMethods;
const loneSurrogate = /\p{Surrogate}/u; // with the u flag, only unpaired surrogates match

export const isWellFormed: (text: string) => boolean = methods.isWellFormed
  ? (text) => methods.isWellFormed!.call(text)
  : (text) => !loneSurrogate.test(text);

/** The text with every lone surrogate replaced by U+FFFD, as a UTF-8 decoder would. */
export const toWellFormed: (text: string) => string = methods.toWellFormed
  ? (text) => methods.toWellFormed!.call(text)
  : (text) => text.replace(/\p{Surrogate}/gu, '\uFFFD');

/**
 * A JSON value with every string and key made well-formed; `value` itself when nothing needed
 * repair (the common case copies nothing).
 */
export function toWellFormedJson<T>(value: T): T {
  if (typeof value === 'string') return (isWellFormed(value) ? value : toWellFormed(value)) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((item: unknown, i) => {
      const fixed = toWellFormedJson(item);
      if (fixed !== item) (out ??= [...value])[i] = fixed;
    });
    return (out ?? value) as T;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const fixedKey = isWellFormed(key) ? key : toWellFormed(key);
    const fixed = toWellFormedJson(item);
    if (fixedKey !== key || fixed !== item) changed = true;
    out[fixedKey] = fixed;
  }
  return (changed ? out : value) as T;
}

/** The problem, said without echoing the text (which would carry the surrogate along). */
export function notWellFormed(text: string): string {
  const at = text.search(loneSurrogate);
  return `must be well-formed Unicode text (a lone UTF-16 surrogate at character ${at})`;
}

/** A string schema that also refuses text that is not well-formed Unicode. */
export function wellFormedText<S extends z.ZodString>(schema: S): S {
  return schema.superRefine((text, ctx) => {
    if (!isWellFormed(text)) ctx.addIssue({ code: 'custom', message: notWellFormed(text) });
  });
}
