export { postgresMigrations } from './postgres';
export { sqliteMigrations } from './sqlite';
