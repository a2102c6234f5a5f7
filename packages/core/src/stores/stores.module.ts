import { Module } from '@nestjs/common';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';
import { StoreResolver } from './store.resolver';
import { StoreService } from './store.service';

@Module({
  providers: [StoreService, ApiKeyService, StoreResolver, ApiKeyResolver],
  exports: [StoreService, ApiKeyService],
})
export class StoresModule {}
