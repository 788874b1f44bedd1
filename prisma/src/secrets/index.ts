export {
  KeyRing,
  KeyRingError,
  keyIdOf,
  parseKey,
  parseKeyRing,
  keyRingConfigProblem,
  KEY_BYTES,
  type KeyRingConfig,
} from "./keyring";
export {
  encryptSecret,
  decryptSecret,
  isEncryptedSecret,
  SecretDecryptionError,
  UnknownKeyError,
  type EncryptedSecret,
} from "./cipher";
export { deriveKey } from "./derive";
