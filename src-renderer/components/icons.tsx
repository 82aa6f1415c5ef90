/**
 * The app's icons: line drawings on a 16×16 grid, as inline SVG (no icon font, nothing for the
 * CSP to refuse). Most are drawn with a 1.4 stroke and round ends; a `thin` one with a 1 px
 * stroke and square ends (the clock and the calendar of the time pickers).
 */
const icons = {
  plus: 'M8 3v10M3 8h10',
  upload: 'M8 11V2.5M4.5 6L8 2.5 11.5 6M2.5 10.5v3h11v-3',
  download: 'M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10',
  search: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10zm3.5-1.5L14 14',
  sun: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3',
  moon: 'M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7z',
  system: 'M2 3h12v8H2zM6 14h4M8 11v3',
  chevronRight: 'M6 3l5 5-5 5',
  chevronDown: 'M3 6l5 5 5-5',
  x: 'M4 4l8 8M12 4l-8 8',
  copy: 'M5 5h8v8H5zM3 11V3h8',
  filter: 'M2 3h12L9.5 8.5V13l-3 1V8.5z',
  columns: 'M2 3h12v10H2zM6 3v10M10 3v10',
  keyboard: 'M1.5 4h13v8h-13zM4 6.5h1M7 6.5h1M10 6.5h1M4 9.5h8',
  command:
    'M5 5h6v6H5zM5 5a2 2 0 1 1 0-0.01M11 5a2 2 0 1 1 0-0.01M5 11a2 2 0 1 1 0-0.01M11 11a2 2 0 1 1 0-0.01',
  arrowUp: 'M8 13V3M4 7l4-4 4 4',
  arrowDown: 'M8 3v10M4 9l4 4 4-4',
  stats: 'M3 13V8M7 13V4M11 13V7M2 13.5h12',
  edit: 'M3 13l1-3 7-7 2 2-7 7zM10 4l2 2',
  trash: 'M3 4h10M6 4V2.5h4V4M4.5 4l.7 9.5h5.6l.7-9.5',
  stream: 'M2 4h12M2 8h9M2 12h6',
  database:
    'M3 3.5C3 2.7 5.2 2 8 2s5 .7 5 1.5v9c0 .8-2.2 1.5-5 1.5s-5-.7-5-1.5zM3 3.5C3 4.3 5.2 5 8 5s5-.7 5-1.5M3 8c0 .8 2.2 1.5 5 1.5S13 8.8 13 8',
  warning: 'M8 2l6.5 11.5h-13zM8 6.5v3.5M8 11.5v.5',
  live: 'M8 9.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM4.5 4.5a5 5 0 0 0 0 7M11.5 4.5a5 5 0 0 1 0 7',
  clock: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM8 5v3.5l2.5 1.5',
  // The query bar's.
  builder: 'M2 4h7M12 4h2M2 8h2M7 8h7M2 12h9M14 12h0M9 2.5v3M4 6.5v3M11 10.5v3',
  history: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2 2.5v2.5h2.5M8 5v3.2l2 1.3',
  bookmark: 'M4 2h8v12l-4-3-4 3z',
  // Bookmarks of events (the saved queries have the bookmark).
  flag: 'M4 14.5V2M4 2.5h8.5l-2 3 2 3H4',
  play: 'M5 3l8 5-8 5z',
  zoomOut: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10zm3.5-1.5L14 14M4.5 7h5',
  undo: 'M5.5 3L2.5 6l3 3M2.5 6H10a3.5 3.5 0 0 1 0 7H6',
  link: 'M7 9a3 3 0 0 0 4.2 0l2-2a3 3 0 0 0-4.2-4.2l-1 1M9 7a3 3 0 0 0-4.2 0l-2 2a3 3 0 0 0 4.2 4.2l1-1',
  // Thin: the time range's trigger and the date-time input's calendar button.
  clockThin: { thin: 'M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0zM8 4v4l2.5 1.5' },
  calendar: {
    thin: 'M3.5 3h9A1.5 1.5 0 0 1 14 4.5v8a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 12.5v-8A1.5 1.5 0 0 1 3.5 3zM2 6.5h12M5 1.5v3M11 1.5v3',
  },
} as const satisfies Record<string, string | { thin: string }>;

export type IconName = keyof typeof icons;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  const icon: string | { thin: string } = icons[name];
  const thin = typeof icon !== 'string';
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={thin ? 1 : 1.4}
      strokeLinecap={thin ? undefined : 'round'}
      strokeLinejoin={thin ? undefined : 'round'}
      aria-hidden="true"
      focusable="false"
    >
      <path d={thin ? icon.thin : icon} />
    </svg>
  );
}
