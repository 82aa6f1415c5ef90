/**
 * The instance a new source goes into when the user names none: the file's name, as
 * `eventlens open` names its instances (`/var/log/app.log` → `app.log`); for a glob, the folder
 * it reads (`/var/log/app/*.log` → `app`), since the files it will match have no one name.
 */
export function instanceNameForSource(path: string): string {
  const parts = path
    .trim()
    .split(/[\\/]+/u)
    .filter((p) => p !== '');
  const last = parts.at(-1) ?? '';
  if (!/[*?[\]{}]/u.test(last)) return last;
  const folder = parts.at(-2) ?? '';
  return /[*?[\]{}]/u.test(folder) ? '' : folder;
}
