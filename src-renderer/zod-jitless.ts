import { z } from 'zod';

/**
 * Zod compiles fast parsers with `new Function` when it can, and finds out by trying, which the
 * renderer's CSP (no 'unsafe-eval') reports as a violation. Schemas read this setting when they
 * are built, so this module is imported first, before any schema exists.
 */
z.config({ jitless: true });
