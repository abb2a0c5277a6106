/**
 * Authorization in one place: who acts (`Actor`), what each role may do on whose data (the
 * permission table) and the one check the services make (`authorize`, `listScope`).
 */
export {
  apiKeyScopes,
  cliActor,
  isPerson,
  isPublic,
  publicActor,
  systemActor,
  type Actor,
  type ApiKeyScope,
  type PersonActor,
  type PublicActor,
  type SystemActor,
} from './actor.ts';
export {
  actions,
  keyScopesFor,
  permissionOf,
  permissions,
  rolesFor,
  type Action,
  type Permission,
  type Reach,
} from './permissions.ts';
export {
  authorize,
  isAuthorized,
  listScope,
  type AuthzTarget,
  type ListScope,
} from './authorize.ts';
