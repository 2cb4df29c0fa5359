// Access control of the integrator API: users, API keys, roles, login tokens and the security stream.
export { AccessControl, type AccessOptions } from './access-control';
export { bootstrapAdmin, checkInitCode, dropInitCode, INIT_CODE_FILE } from './admin-bootstrap';
export { AUTHORIZATION_METADATA_KEY, type Principal } from './authenticate';
export { apiKeyDigest, newApiKey } from './api-keys';
export { hashPassword, unknownUserHash, verifyPassword } from './passwords';
export { adminsOf, type PrincipalsState } from './principal-decider';
export { refusalCodec } from './access-codec';
export { refusalsStreamOf } from './refusal-events';
export { ROLES, roleOf, type Role } from './roles';
export { PREVIOUS_TOKEN_KEYS_FILE, TOKEN_KEY_FILE } from './token-keys';
export { SITE_SCOPE, scopeOf, scopeText, type Scope, type ScopeFacts, type ScopeTarget } from './scopes';
