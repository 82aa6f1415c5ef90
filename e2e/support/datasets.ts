export { dataset, datasetsDir } from '../../src-main/test-support/datasets';
