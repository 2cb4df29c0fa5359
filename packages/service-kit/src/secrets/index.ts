export { registerSecret, redact, redactProcessOutput, REDACTED, SECRET_VARIABLE } from './redaction';
