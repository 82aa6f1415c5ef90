/**
 * Set at build time by electron.vite.config.ts (`define`): true only in `electron-vite dev`.
 * Every other build (`npm run build`, `npm start`, `npm run dist`) has `false` written in its
 * place, so the code it guards (the renderer URL override, the developer tools) is not in the
 * bundle at all. Vitest defines it `false` as well (vitest.config.ts).
 */
declare const __EVENTLENS_DEV__: boolean;
