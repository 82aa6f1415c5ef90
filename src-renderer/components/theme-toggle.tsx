import { nextTheme, useEffectiveTheme, useThemeStore } from '../state/theme-store';
import { Icon } from './icons';

/** System → light → dark: the theme choice, in the top bar and on the first screen. */
export function ThemeToggle() {
  const { choice, setChoice } = useThemeStore();
  const effective = useEffectiveTheme();
  const label =
    choice === 'system' ? `System (${effective})` : choice === 'light' ? 'Light' : 'Dark';
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      title={`Theme: ${label} — click to change`}
      aria-label={`Theme: ${label}`}
      onClick={() => setChoice(nextTheme(choice, effective))}
    >
      <Icon name={choice === 'system' ? 'system' : choice === 'light' ? 'sun' : 'moon'} />
    </button>
  );
}
