import type { z } from 'zod';
import {
  bridgeGroups,
  type BridgeCall,
  type BridgeGroup,
  type EventlensBridge,
} from '../../src-shared/contract/bridge';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import { describeIssues } from '../../src-shared/contract/issues';
import { jobFailure, type JobAnswer } from '../../src-shared/contract/jobs';
import type { WireEnvelope } from '../../src-shared/contract/operations';
import { groupChannel, ipcChannels } from './ipc-channels';
import { isAppUrl } from './trusted-urls';

/**
 * The one registration of IPC handlers. Every channel main answers is an entry of one table
 * (`IpcTable`, which must hold exactly the calls of `window.eventlens`), and registerIpcTable is
 * the only code that calls `ipcMain.handle` (lint refuses it anywhere else). For every call it
 * checks the sender, then parses the arguments, and only then runs the entry's handler, with a
 * `Caller` that only this file can make: a handler cannot run for an unchecked sender or on
 * unparsed input. Failures are answers (a JobAnswer, or the envelope for operations), never
 * exceptions, which would lose everything but their message crossing IPC.
 *
 * No electron import: main passes `ipcMain` in; the tests pass a stand-in and plain events.
 */

/** What the sender check needs to know about the caller of an IPC call. */
interface IpcSender {
  /** The URL of the frame that sent the call; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** The frame is the top-level frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** The page belongs to a window this app created (not a stray webContents). */
  isOurWindow: boolean;
}

/** Why a sender is refused, or null when it may call. */
function senderRefusal(sender: IpcSender, appOrigin: string): string | null {
  if (!sender.isOurWindow) return 'the call does not come from an Eventlens window';
  if (sender.frameUrl === undefined) return 'the calling frame is gone';
  if (!sender.isMainFrame) return 'calls from embedded frames are refused';
  if (!isAppUrl(sender.frameUrl, appOrigin)) {
    return `calls from ${JSON.stringify(sender.frameUrl.slice(0, 200))} are refused`;
  }
  return null;
}

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
export interface IpcEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** What registerIpcTable needs of Electron's `ipcMain`. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

declare const checked: unique symbol;

/** The caller of a call that passed the sender check (its window: for dialogs). */
export interface Caller {
  readonly webContentsId: number;
  readonly [checked]: true;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const made = Symbol('made by ipcEntry');

/** One call of the table; made only by ipcEntry (so its input is always parsed first). */
export interface IpcEntry<A> {
  readonly [made]: true;
  /** The answer to a call refused, malformed or failed before its handler answered. */
  fail(code: ErrorCode, error: string, raw: readonly unknown[]): A;
  run(caller: Caller, raw: readonly unknown[]): Promise<A>;
}

export function ipcEntry<T, A>(spec: {
  parse: (raw: readonly unknown[]) => Parsed<T>;
  fail: (code: ErrorCode, error: string, raw: readonly unknown[]) => A;
  handle: (caller: Caller, input: T) => A | Promise<A>;
}): IpcEntry<A> {
  return {
    [made]: true,
    fail: spec.fail,
    async run(caller, raw) {
      const input = spec.parse(raw);
      if (!input.ok) return spec.fail('VALIDATION_ERROR', input.error, raw);
      return spec.handle(caller, input.value);
    },
  };
}

/**
 * A job-layer call: at most one argument, checked with `arg` (error paths start with `name`,
 * e.g. `jobId: ...`; a request object has none, so its messages read as over HTTP), answered
 * with a JobAnswer.
 */
export function jobCall<A>(
  handle: (caller: Caller) => A | Promise<A>,
): IpcEntry<A | JobAnswer<never>>;
export function jobCall<S extends z.ZodType, A>(
  arg: { schema: S; name?: string },
  handle: (caller: Caller, value: z.output<S>) => A | Promise<A>,
): IpcEntry<A | JobAnswer<never>>;
export function jobCall(
  ...args:
    | [(caller: Caller) => unknown]
    | [{ schema: z.ZodType; name?: string }, (caller: Caller, value: unknown) => unknown]
): IpcEntry<unknown> {
  const [arg, handle] = args.length === 1 ? [null, args[0]] : args;
  const most = arg ? 1 : 0;
  return ipcEntry({
    parse(raw): Parsed<unknown> {
      if (raw.length > most) {
        return { ok: false, error: `expected ${most === 0 ? 'no argument' : 'one argument'}` };
      }
      if (!arg) return { ok: true, value: undefined };
      const parsed = arg.schema.safeParse(raw[0]);
      if (parsed.success) return { ok: true, value: parsed.data };
      const named = arg.name;
      const issues = named
        ? parsed.error.issues.map((i) => ({ ...i, path: [named, ...i.path] }))
        : parsed.error.issues;
      return { ok: false, error: describeIssues(issues) };
    },
    fail: (code, error) => jobFailure(code, error),
    handle: (caller, value) => handle(caller, value),
  });
}

type AnswerOf<F> = F extends (...args: never[]) => Promise<infer A> ? A : never;

/**
 * Every channel main answers: the operations, and each call of each group of window.eventlens
 * (a call of the bridge without its entry here, or an entry whose answer is not the bridge's,
 * does not compile).
 */
export type IpcTable = { call: IpcEntry<WireEnvelope> } & {
  [G in BridgeGroup]: {
    [K in BridgeCall<G>]: IpcEntry<AnswerOf<EventlensBridge[G][K]>>;
  };
};

/** The channel of every entry of the table. */
function tableChannels(table: IpcTable): [string, IpcEntry<unknown>][] {
  const channels: [string, IpcEntry<unknown>][] = [[ipcChannels.call, table.call]];
  for (const group of Object.keys(bridgeGroups) as BridgeGroup[]) {
    const entries = table[group] as Record<string, IpcEntry<unknown>>;
    for (const call of bridgeGroups[group]) {
      channels.push([groupChannel(group, call as BridgeCall<typeof group>), entries[call]!]);
    }
  }
  return channels;
}

function senderOf(event: IpcEvent, isOurWindow: (webContentsId: number) => boolean): IpcSender {
  try {
    const frame = event.senderFrame;
    return {
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
      isOurWindow: isOurWindow(event.sender.id),
    };
  } catch {
    // A frame disposed while its call was in flight throws on access: it is gone.
    return { frameUrl: undefined, isMainFrame: false, isOurWindow: false };
  }
}

/**
 * Registers every entry of `table` on `ipc`, each behind the sender check (the main frame of
 * one of our windows, at our origin); returns the function that removes them all.
 */
export function registerIpcTable(
  ipc: IpcMainLike,
  table: IpcTable,
  options: { appOrigin: string; isOurWindow: (webContentsId: number) => boolean },
): () => void {
  const channels = tableChannels(table);
  for (const [channel, entry] of channels) {
    ipc.handle(channel, async (event, ...raw) => {
      const refusal = senderRefusal(senderOf(event, options.isOurWindow), options.appOrigin);
      if (refusal) return entry.fail('UNAUTHORIZED', `IPC refused: ${refusal}`, raw);
      const caller = { webContentsId: event.sender.id } as Caller;
      try {
        return await entry.run(caller, raw);
      } catch (err) {
        console.error(`${channel} failed:`, err);
        return entry.fail('INTERNAL', `${channel}: ${(err as Error).message}`, raw);
      }
    });
  }
  return () => {
    for (const [channel] of channels) ipc.removeHandler(channel);
  };
}
