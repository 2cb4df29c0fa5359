export { SIGNER_HEADER, SIGNATURE_HEADER, SIGNER_CERTIFICATE_HEADER, keyIdOf, signBatch, batchSignatureValid } from './batch-signature';
export { SignerTrust, EVENT_SIGNER_UNIT, type TrustedSigner, type SignerAdmission } from './signer-trust';
export { readCheckpoint, writeCheckpoint, signCheckpoint, checkpointTrust, type SignedCheckpoint } from './checkpoint';
export { EventSigner, type SigningIdentity } from './event-signer';
export { SignatureCheck, type SignedMessage } from './signature-check';
export { ensureEventSigningKey, openEventSigner, EVENT_SIGNING_KEY_FILE, EVENT_SIGNING_CERT_FILE, AUDIT_CHECKPOINT_FILE, type EventSigningMaterial, signedStoreOptions } from './signing-key';
export { siteSignerTrust, siteAuditSignatures, readDistrustedSigners, PREVIOUS_CAS_DIR, DISTRUSTED_SIGNERS_FILE } from './site-trust';
