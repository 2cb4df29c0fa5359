export * from './names';
export * from './records';
export * from './transfer-control';
export * from './transfer-queue';
export * from './queue-transfer-control';
