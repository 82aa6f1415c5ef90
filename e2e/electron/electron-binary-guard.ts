import { electronBinary } from '../../src-main/test-support/electron-binary';

/** The Electron executable, or null with the one-line reason these specs are skipped. */
export const electronPath = electronBinary();
export const noElectronReason = electronBinary.missingReason;
