// @ferry/vsphere: the vSphere SOAP (vim25) client Ferry uses for both vCenters.
export * from './client';
export * from './errors';
export * from './tls';
export * from './values';
export * from './property';
export * from './updates';
export * from './tasks';
export * from './spec';
export * from './vm';
export * from './nfc';
export * from './datastore';
export * from './datastore-space';
export { SoapTransport } from './soap';
export { soapEnvelope, parseXml, type XmlElement, type XmlValue, type XNode } from './xml';
export * from './placement';
export * from './guest-operations';
export { importDisk, type ImportDiskOptions, type ImportedDisk } from './nfc-import';
export { ISCSI_BOOT_KEYS, iscsiBootOf, setIscsiBoot, type IscsiBoot } from './iscsi-boot';
