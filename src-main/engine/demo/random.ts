export * from '../../../src-shared/demo/random';
