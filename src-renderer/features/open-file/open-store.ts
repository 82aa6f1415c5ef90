import { create } from 'zustand';
import type { OpenedFileAnswer } from '../../../src-shared/contract/open-files';

/** A file opened before that grew (or whose import stopped): the question waiting for the user. */
export interface PendingOffer {
  /** The file's ref with the host: opening it again with `continue` answers the question. */
  ref: string;
  into?: string;
  answer: OpenedFileAnswer;
}

interface OpenState {
  offers: PendingOffer[];
  ask(offers: PendingOffer[]): void;
  /** The first offer was answered. */
  answered(): void;
}

export const useOpenStore = create<OpenState>()((set) => ({
  offers: [],
  ask: (offers) => set((s) => ({ offers: [...s.offers, ...offers] })),
  answered: () => set((s) => ({ offers: s.offers.slice(1) })),
}));
