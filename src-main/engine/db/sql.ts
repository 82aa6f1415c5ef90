/**
 * A small tagged template for SQL. Interpolated values become bound parameters; structural
 * tokens (identifiers, keywords) go through `raw`, which only accepts text the code itself owns:
 * table names built from integers and tokens from closed unions — never user input.
 */
export type SqlParam = string | number | bigint | null | Buffer;

export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly SqlParam[],
  ) {}
}

class Raw {
  constructor(readonly text: string) {}
}

export function raw(text: string): Raw {
  return new Raw(text);
}

type Part = SqlParam | Sql | Raw;

export function sql(strings: TemplateStringsArray, ...parts: Part[]): Sql {
  let text = strings[0]!;
  const params: SqlParam[] = [];
  parts.forEach((part, i) => {
    if (part instanceof Sql) {
      text += part.text;
      // A loop, not push(...): a spread of a long list overflows the stack.
      for (const p of part.params) params.push(p);
    } else if (part instanceof Raw) {
      text += part.text;
    } else {
      text += '?';
      params.push(part);
    }
    text += strings[i + 1]!;
  });
  return new Sql(text, params);
}

/** Joins fragments with a separator (e.g. ' AND '); an empty list gives an empty fragment. */
export function join(items: readonly Sql[], separator: string): Sql {
  return new Sql(
    items.map((s) => s.text).join(separator),
    items.flatMap((s) => s.params),
  );
}
