import { JobRecord } from '../jobs/job-record.entity';
import { ApiKey } from '../stores/api-key.entity';
import { Store } from '../stores/store.entity';

/** Every entity of the core. Plugins add theirs through definePlugin({ entities }). */
export const coreEntities = [Store, ApiKey, JobRecord];
