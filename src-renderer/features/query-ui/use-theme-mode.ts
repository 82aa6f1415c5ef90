import { useEffect, useState } from 'react';

export type ThemeMode = 'light' | 'dark';

/**
 * The theme in effect: an explicit `data-theme` on <html> (the app's toggle), else the system's.
 * Charts and the code editor need it as a value, not only as CSS.
 */
export function currentThemeMode(): ThemeMode {
  const explicit = document.documentElement.dataset.theme;
  if (explicit === 'light' || explicit === 'dark') return explicit;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useThemeMode(): ThemeMode {
  const [mode, setMode] = useState<ThemeMode>(currentThemeMode);
  useEffect(() => {
    const update = () => setMode(currentThemeMode());
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    });
    return () => {
      media.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return mode;
}
