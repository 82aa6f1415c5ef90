import { useEffect, useSyncExternalStore } from 'react';
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const storageKey = 'eventlens.theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(storageKey);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export const useThemeStore = create<{
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}>()((set) => ({
  choice: stored(),
  setChoice: (choice) => {
    try {
      if (choice === 'system') localStorage.removeItem(storageKey);
      else localStorage.setItem(storageKey, choice);
    } catch {
      // storage disabled: the choice lasts as long as the page
    }
    set({ choice });
  },
}));

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function useSystemDark(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const q = darkQuery();
      q.addEventListener('change', onChange);
      return () => q.removeEventListener('change', onChange);
    },
    () => darkQuery().matches,
  );
}

/** The theme in effect: the user's choice, else the system's. */
export function useEffectiveTheme(): 'light' | 'dark' {
  const choice = useThemeStore((s) => s.choice);
  const systemDark = useSystemDark();
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** Puts the effective theme on <html data-theme>, where the tokens read it. */
export function useApplyTheme(): void {
  const theme = useEffectiveTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/** The toggle cycles light → dark → system (the next click after a pick goes back to the system). */
export function nextTheme(choice: ThemeChoice, effective: 'light' | 'dark'): ThemeChoice {
  if (choice === 'system') return effective === 'dark' ? 'light' : 'dark';
  return choice === 'light' ? 'dark' : 'system';
}
