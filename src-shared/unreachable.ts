/**
 * The `default` of an exhaustive switch over a closed union: it compiles only while every
 * member has its case, so a member added to the union is a compile error at each such switch.
 */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
