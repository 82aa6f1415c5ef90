// The generator moved to src-shared/demo so the renderer's first-run screen can use it too;
// engine code, benches and tests keep importing it from here.
export * from '../../../src-shared/demo/shop-events';
