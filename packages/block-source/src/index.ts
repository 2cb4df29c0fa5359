export { startBlockSource, type BlockSourceConfig, type BlockSourceHandle } from './start-block-source';
export { NfcExportSource } from './nfc-export-source';
