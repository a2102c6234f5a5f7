import { Global, Module } from '@nestjs/common';
import { FileStorage } from '@parley/plugin-sdk';
import { join } from 'node:path';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { LocalFileStorage } from './local-file-storage';

/** The SDK's FileStorage for every module: local disk under DATA_DIR/files unless something provides another. */
@Global()
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalFileStorage(join(config.dataDir, 'files')),
    },
  ],
  exports: [FileStorage],
})
export class StorageModule {}
