/** The query layer's few icons (inline SVG, as the app's own: nothing for the CSP to refuse). */
const paths = {
  builder: 'M2 4h7M12 4h2M2 8h2M7 8h7M2 12h9M14 12h0M9 2.5v3M4 6.5v3M11 10.5v3',
  history: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2 2.5v2.5h2.5M8 5v3.2l2 1.3',
  bookmark: 'M4 2h8v12l-4-3-4 3z',
  copy: 'M5 5h8v8H5zM3 11V3h8',
  play: 'M5 3l8 5-8 5z',
  download: 'M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10',
} as const;

export function QIcon(props: { name: keyof typeof paths; size?: number }) {
  const size = props.size ?? 14;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={paths[props.name]} />
    </svg>
  );
}
