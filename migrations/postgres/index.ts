// Written by `npm run cli -- migration:generate`: every migration of this folder, oldest first.
import { Init1795425285649 } from './1795425285649-Init';

export const postgresMigrations = [Init1795425285649];
