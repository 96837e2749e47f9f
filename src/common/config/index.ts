export { appConfig } from './app.config';
export { databaseConfig } from './database.config';
export { mysqlConfig } from './mysql.config';
export { supabaseConfig } from './supabase.config';
export { intercomConfig } from './intercom.config';
export { apiKeysConfig } from './api-keys.config';
export { parseEnv, ConfigValidationError, type Env, type DatabaseType } from './env.schema';
export { inboxConfig } from './inbox.config';
